//! Benchmark: fitting BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on 100,000 customers simulated from
//! the CDNOW parameters (weeks), and valuing them all. `cargo bench --bench clv_fit`; another count with
//! `CUSTOMERS=1000000 cargo bench --bench clv_fit` (the million-customer case).

use std::time::Instant;

use customer_lens::core::clv::count::Fitted;
use customer_lens::core::clv::gamma_gamma::GammaGamma;
use customer_lens::core::clv::intervals::draws;
use customer_lens::core::clv::model::{CountModel, FitMethod, ModelKind};
use customer_lens::core::clv::simulate;
use customer_lens::core::clv::summary::Rft;
use customer_lens::core::clv::value::{value_all, Spend};
use customer_lens::core::seed::Seed;

fn main() {
    let n: usize = std::env::var("CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut data = simulate::bgnbd(n, (0.243, 4.414, 0.793, 2.426), (27.0, 39.0), 1).unwrap();
    simulate::gamma_gamma(&mut data, (6.25, 3.74, 15.44), 2).unwrap();
    println!("{n} customers simulated from the CDNOW BG/NBD and Gamma-Gamma parameters (weeks)");
    println!("purchase times as drawn (continuous):");
    run(&data);
    // A transaction file records days: recency and age in whole days, as the page computes them.
    for c in &mut data {
        c.recency = (c.recency * 7.0).round() / 7.0;
        c.t = (c.t * 7.0).round() / 7.0;
    }
    println!("purchase times on whole days, as a transaction file gives them:");
    run(&data);
    write_transactions(&data, "target/bench/clv_100k.csv");
}

/// Writes the day-rounded customers as a transaction file (customer, date, amount) for the browser
/// benchmark (`node benches/browser_clv.mjs`): a first purchase, then x repeat purchases on distinct days,
/// the last at the recency, observed to 2024-12-31 (x is capped at the days available).
fn write_transactions(data: &[Rft], path: &str) {
    let end = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let mut out = String::from("customer_id,date,amount\n");
    for (id, c) in data.iter().enumerate() {
        let age = (c.t * 7.0).round() as i64;
        let span = (c.recency * 7.0).round() as i64;
        let x = i64::from(c.frequency).min(span);
        let first = end - chrono::Days::new(age as u64);
        let amount = if c.monetary > 0.0 { c.monetary } else { 20.0 };
        for k in 0..=x {
            let day = first + chrono::Days::new(if x == 0 { 0 } else { (span * k / x) as u64 });
            out.push_str(&format!("C{id},{day},{amount:.2}\n"));
        }
    }
    std::fs::create_dir_all("target/bench").unwrap();
    std::fs::write(path, out).unwrap();
    println!("wrote {path}");
}

fn run(data: &[Rft]) {
    let data = data.to_vec();
    let total = Instant::now();
    let mut models: Vec<Fitted<CountModel>> = Vec::new();
    for kind in ModelKind::ALL {
        let t = Instant::now();
        let bg = match models.first().map(|m| m.model()) {
            Some(CountModel::Bgnbd(b)) => Some(b.clone()),
            _ => None,
        };
        let m =
            CountModel::fit_from(kind, &data, bg.as_ref(), FitMethod::MaximumLikelihood).unwrap();
        println!(
            "  {:<11} fit {:.2} s (log-likelihood {:.1})",
            kind.name(),
            t.elapsed().as_secs_f64(),
            m.log_likelihood()
        );
        models.push(m);
    }
    let t = Instant::now();
    let gg = GammaGamma::fit(&data).unwrap();
    println!("  Gamma-Gamma fit {:.2} s", t.elapsed().as_secs_f64());
    println!(
        "native: all four models fitted in {:.2} s",
        total.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let (draws, how) = draws(
        &models[0],
        FitMethod::MaximumLikelihood,
        &data,
        Some(&gg),
        Seed::default(),
    );
    let spend = Spend::GammaGamma(gg.model().clone());
    let values = value_all(&models[0], &spend, &data, 12.0 * 4.345, 0.01, 4.345, &draws);
    println!(
        "native: 12-month CLV with intervals ({how:?}) for {} customers in {:.2} s",
        values.iter().flatten().count(),
        t.elapsed().as_secs_f64()
    );
}
