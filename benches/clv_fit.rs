//! Benchmark: fitting BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on 100,000 customers simulated from
//! the CDNOW parameters (weeks), and valuing them all. `cargo bench --bench clv_fit`.

use std::time::Instant;

use customer_lens::core::clv::gamma_gamma::GammaGamma;
use customer_lens::core::clv::model::{CountModel, ModelKind};
use customer_lens::core::clv::simulate;
use customer_lens::core::clv::value::value_all;

fn main() {
    let n = 100_000;
    let mut data = simulate::bgnbd(n, (0.243, 4.414, 0.793, 2.426), (27.0, 39.0), 1).unwrap();
    simulate::gamma_gamma(&mut data, (6.25, 3.74, 15.44), 2).unwrap();
    println!("{n} customers simulated from the CDNOW BG/NBD and Gamma-Gamma parameters (weeks)");
    let total = Instant::now();
    let mut models: Vec<CountModel> = Vec::new();
    for kind in ModelKind::ALL {
        let t = Instant::now();
        let bg = match models.first() {
            Some(CountModel::Bgnbd(b)) => Some(b.clone()),
            _ => None,
        };
        let m = CountModel::fit_from(kind, &data, bg.as_ref()).unwrap();
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
    let values = value_all(&models[0], &gg, &data, 12, 0.01, 4.345, 20);
    println!(
        "native: 12-month CLV with 20-draw intervals for {} customers in {:.2} s",
        values.iter().flatten().count(),
        t.elapsed().as_secs_f64()
    );
}
