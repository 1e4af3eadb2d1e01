//! Benchmark: market baskets on 50,000 orders over 4,000 products at 1 % support. Writes the file
//! (`target/bench/baskets_50k.csv`, Online Retail layout, fixed seed: Zipf-like product popularity, 1 to
//! 15 lines per order plus a planted bundle in 40 % of orders, 10,000 customers) for
//! `benches/browser_baskets.mjs` and `benches/python_baskets.py`,
//! then times natively the itemsets and rules alone, and the whole basket step (bundles, offers for every
//! customer, the single-item buyers, the factor model and its held-out check). `cargo bench --bench baskets`.

use std::fmt::Write;
use std::time::Instant;

use customer_lens::core::basket::itemsets::frequent_itemsets;
use customer_lens::core::basket::rules::rules;
use customer_lens::core::basket::{analyze, BasketRequest};
use customer_lens::core::ingest::{read, ReadOptions};
use customer_lens::core::seed::Seed;
use customer_lens::core::settings::check_basket;
use rand::{Rng, SeedableRng};

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    // Zipf-like weights over 4,000 products: the k-th most popular drawn with weight 1 / (k + 10).
    let weights: Vec<f64> = (0..4_000).map(|k| 1.0 / (f64::from(k) + 10.0)).collect();
    let total: f64 = weights.iter().sum();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |s, w| {
            *s += w / total;
            Some(*s)
        })
        .collect();
    // 20 bundles of 2 or 3 products that 40 % of orders hold one of (about 2 % of orders each).
    let bundles: Vec<Vec<usize>> = (0..20)
        .map(|b| (0..2 + b % 2).map(|j| 100 + 37 * b + 11 * j).collect())
        .collect();
    let mut csv = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    for order in 0..50_000u32 {
        let customer = rng.gen_range(0..10_000);
        let day = 1 + order / 2_000;
        let mut lines: Vec<usize> = (0..rng.gen_range(1..=15))
            .map(|_| {
                let u: f64 = rng.gen();
                cumulative.partition_point(|c| *c < u)
            })
            .collect();
        if rng.gen::<f64>() < 0.4 {
            lines.extend(&bundles[rng.gen_range(0..bundles.len())]);
        }
        for product in lines {
            let price = 1.0 + f64::from(product as u32 % 50) / 4.0;
            let _ = writeln!(
                csv,
                "{},P{product},{},2024-{:02}-{:02} 10:00,{price:.2},{}",
                500_000 + order,
                rng.gen_range(1..=6),
                1 + (day - 1) / 28,
                1 + (day - 1) % 28,
                10_000 + customer
            );
        }
    }
    std::fs::create_dir_all("target/bench").unwrap();
    std::fs::write("target/bench/baskets_50k.csv", &csv).unwrap();
    println!(
        "wrote target/bench/baskets_50k.csv ({} lines)",
        csv.lines().count() - 1
    );
    let tx = read(csv.as_bytes(), &ReadOptions::default(), &mut |_| {})
        .unwrap()
        .transactions;
    let level = customer_lens::core::basket::baskets::Level::Product;
    let b = customer_lens::core::basket::baskets::baskets(&tx, level).unwrap();
    let mut best = f64::MAX;
    let mut found = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let sets = frequent_itemsets(&b.items, b.names.len(), 0.01, 3).itemsets;
        let r = rules(&sets, b.items.len(), 0.2);
        best = best.min(t.elapsed().as_secs_f64());
        found = (sets.len(), r.len());
    }
    println!(
        "native: {} baskets, {} items: {} frequent itemsets and {} rules at 1 % support in {:.3} s (best of 5)",
        b.items.len(),
        b.names.len(),
        found.0,
        found.1,
        best
    );
    let t = Instant::now();
    let request = BasketRequest::default();
    let checked = check_basket(&request).unwrap();
    let outcome = analyze(&tx, checked, Seed::default(), &mut |_| {}).unwrap();
    println!(
        "native: the whole basket step (rules, bundles, offers for {} customers, single-item buyers, factor model and its check) in {:.2} s",
        outcome.offers.len(),
        t.elapsed().as_secs_f64()
    );
}
