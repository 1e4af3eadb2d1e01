//! Benchmark: the referral network of 100,000 members. Writes the file (`target/bench/network_100k.csv`:
//! member, sponsor, date, amount; fixed seed; each member sponsored by one of the 60 members who joined
//! just before, 1 in 100 without a sponsor, so chains run deep) for `benches/python_network.py`, then times
//! natively reading it and building the network (downlines, top sponsors, cycle check).
//! `cargo bench --bench network`.

use std::fmt::Write;
use std::time::Instant;

use customer_lens::core::customers::summarize;
use customer_lens::core::ingest::{read, ReadOptions};
use customer_lens::core::network::analyze;
use rand::{Rng, SeedableRng};

fn main() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let n = 100_000u32;
    let mut csv = String::from("Member ID,Sponsor ID,Order Date,Amount\n");
    for m in 0..n {
        let sponsor = if m == 0 || rng.gen::<f64>() < 0.01 {
            String::new()
        } else {
            format!("M{}", m - rng.gen_range(1..=m.min(60)))
        };
        let _ = writeln!(
            csv,
            "M{m},{sponsor},2024-{:02}-{:02},{:.2}",
            1 + m % 12,
            1 + m % 28,
            rng.gen_range(5.0..200.0)
        );
    }
    std::fs::create_dir_all("target/bench").unwrap();
    std::fs::write("target/bench/network_100k.csv", &csv).unwrap();
    let mut best = (f64::INFINITY, f64::INFINITY);
    let mut last = None;
    for _ in 0..5 {
        let start = Instant::now();
        let ingested = read(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
        let read_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let summaries = summarize(&ingested.transactions);
        let outcome = analyze(&ingested.transactions, &summaries).unwrap();
        best = (
            best.0.min(read_s),
            best.1.min(start.elapsed().as_secs_f64()),
        );
        last = Some(outcome.network);
    }
    let net = last.unwrap();
    let top = &net.top_sponsors[0];
    println!(
        "network: {} members, depth {}, top sponsor {} with downline {} (revenue {:.2})",
        net.members, net.depth, top.id, top.downline, top.downline_revenue
    );
    println!(
        "network native (best of 5): read {:.3} s, customer table + network {:.3} s",
        best.0, best.1
    );
}
