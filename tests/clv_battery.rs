//! The lifetime-value models at the field's hard shapes, simulated with known truth, and on the real
//! files: every fit ends finite with its status stated (recovered within tolerance, or not identified and
//! diagnosed, with a regularised fit that is finite), never an error or NaN.
#![cfg(not(target_arch = "wasm32"))]

use customer_lens::core::clv::calibration::Calibration;
use customer_lens::core::clv::diagnosis::{diagnose, identified};
use customer_lens::core::clv::gamma_gamma::GammaGamma;
use customer_lens::core::clv::intervals::{draws, IntervalMethod};
use customer_lens::core::clv::model::{CountModel, FitMethod, ModelKind};
use customer_lens::core::clv::simulate;
use customer_lens::core::clv::summary::Rft;
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::seed::Seed;

/// A simulated population: its name, BG/NBD truth (r, alpha, a, b), customers and age range in weeks.
struct Shape {
    name: &'static str,
    truth: (f64, f64, f64, f64),
    customers: usize,
    ages: (f64, f64),
    /// Recency and age rounded to whole weeks, so that many customers share each history.
    ties: bool,
}

const SHAPES: [Shape; 6] = [
    Shape {
        name: "the CDNOW shape",
        truth: (0.243, 4.414, 0.793, 2.426),
        customers: 4000,
        ages: (27.0, 39.0),
        ties: false,
    },
    Shape {
        name: "almost no dropout",
        truth: (2.0, 10.0, 0.01, 50.0),
        customers: 2000,
        ages: (50.0, 100.0),
        ties: false,
    },
    Shape {
        name: "very fast dropout",
        truth: (1.0, 2.0, 4.0, 1.0),
        customers: 3000,
        ages: (20.0, 40.0),
        ties: false,
    },
    Shape {
        name: "95 % one-time buyers",
        truth: (0.05, 30.0, 1.0, 3.0),
        customers: 6000,
        ages: (20.0, 40.0),
        ties: false,
    },
    Shape {
        name: "frequency up to 500",
        truth: (8.0, 1.0, 0.2, 200.0),
        customers: 400,
        ages: (50.0, 62.0),
        ties: false,
    },
    Shape {
        name: "ties in every history",
        truth: (0.5, 4.0, 0.6, 2.5),
        customers: 3000,
        ages: (20.0, 30.0),
        ties: true,
    },
];

fn population(shape: &Shape, seed: u64) -> Vec<Rft> {
    let mut data = simulate::bgnbd(shape.customers, shape.truth, shape.ages, seed).unwrap();
    simulate::gamma_gamma(&mut data, (6.0, 4.0, 15.0), seed + 1).unwrap();
    if shape.ties {
        for c in &mut data {
            c.recency = c.recency.round();
            c.t = c.t.round().max(c.recency);
        }
    }
    data
}

/// Checks one fit of `kind` on `data` and says how it ended.
fn status(kind: ModelKind, data: &[Rft]) -> String {
    let ml = CountModel::fit(kind, data).unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
    assert!(
        ml.params().iter().all(|p| p.is_finite() && *p > 0.0) && ml.log_likelihood().is_finite(),
        "{}: {:?}",
        kind.name(),
        ml.params()
    );
    if identified(&ml) {
        return "identified".into();
    }
    let reg = CountModel::fit_at(kind, data, None, FitMethod::Regularised).unwrap();
    let sentence = diagnose(&ml, &reg, FitMethod::Regularised, data, false).expect("a diagnosis");
    assert!(sentence.contains("no holdout to check it"), "{sentence}");
    assert!(
        identified(&reg) || reg.covariance().is_some(),
        "{}: the regularised fit has no curvature: {:?}",
        kind.name(),
        reg.params()
    );
    for c in data.iter().take(200) {
        let p = reg.p_alive(c.frequency, c.recency, c.t);
        assert!((0.0..=1.0).contains(&p), "{p}");
        assert!(reg
            .expected_purchases(10.0, c.frequency, c.recency, c.t)
            .unwrap()
            .is_finite());
    }
    "not identified: diagnosed, regularised".into()
}

#[test]
fn every_hard_shape_ends_in_a_finite_fit_with_its_status() {
    for shape in &SHAPES {
        let data = population(shape, 3);
        let one_time = data.iter().filter(|c| c.frequency == 0).count() as f64 / data.len() as f64;
        let max_x = data.iter().map(|c| c.frequency).max().unwrap();
        match shape.name {
            "95 % one-time buyers" => assert!(one_time >= 0.9, "{one_time}"),
            "frequency up to 500" => assert!(max_x >= 400, "{max_x}"),
            _ => {}
        }
        for kind in ModelKind::ALL {
            let s = status(kind, &data);
            eprintln!("{:<22} {:<11} {s}", shape.name, kind.name());
        }
    }
}

#[test]
fn bgnbd_recovers_the_truth_where_the_data_identify_it() {
    // Where the fit is identified, the truth lies within three standard errors of each estimate.
    let mut identified_shapes = 0;
    for shape in &SHAPES {
        let data = population(shape, 3);
        let m = CountModel::fit(ModelKind::Bgnbd, &data).unwrap();
        if !identified(&m) {
            continue;
        }
        identified_shapes += 1;
        let truth = [shape.truth.0, shape.truth.1, shape.truth.2, shape.truth.3];
        for ((p, se), t) in m.params().iter().zip(m.std_errors()).zip(truth) {
            assert!(
                (p - t).abs() <= 3.0 * se,
                "{}: {p} ± {se} vs {t}",
                shape.name
            );
        }
    }
    assert!(identified_shapes >= 3, "{identified_shapes}");
}

#[test]
fn almost_no_dropout_is_diagnosed_in_plain_words_and_regularised() {
    let data = population(&SHAPES[1], 3);
    let ml = CountModel::fit(ModelKind::Bgnbd, &data).unwrap();
    assert!(!identified(&ml));
    let reg = CountModel::fit_at(ModelKind::Bgnbd, &data, None, FitMethod::Regularised).unwrap();
    let sentence = diagnose(&ml, &reg, FitMethod::Regularised, &data, true).unwrap();
    assert!(
        sentence.contains("cannot tell how many have stopped buying"),
        "{sentence}"
    );
    assert!(sentence.contains("the holdout below shows"), "{sentence}");
    // The regularised fit has curvature, so its interval comes from its posterior, never of zero width.
    let spend = GammaGamma::fit(&data).unwrap();
    let (d, how) = draws(
        &reg,
        FitMethod::Regularised,
        &data,
        Some(&spend),
        Seed::default(),
    );
    assert_eq!(how, IntervalMethod::Posterior);
    assert!(d.count.windows(2).any(|w| w[0] != w[1]));
    // Without curvature the interval comes from refits on resampled customers.
    if ml.covariance().is_none() {
        let (d, how) = draws(
            &ml,
            FitMethod::MaximumLikelihood,
            &data,
            Some(&spend),
            Seed::default(),
        );
        assert_eq!(how, IntervalMethod::Bootstrap);
        assert!(d.count.len() >= 6, "{}", d.count.len());
    }
}

/// A public data set from `../shared/data/` (see its README), unpacked when gzipped; `None` on a machine
/// without it.
fn real(name: &str) -> Option<Vec<u8>> {
    let path = format!("{}/../shared/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{path} is absent: skipped");
        return None;
    };
    if !name.ends_with(".gz") {
        return Some(bytes);
    }
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out).unwrap();
    Some(out)
}

#[test]
fn every_real_file_gets_a_finite_lifetime_value_with_its_status() {
    let demo = std::fs::read(format!(
        "{}/data/superstore_sample.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let cdnow = std::fs::read(format!(
        "{}/tests/data/CDNOW_sample.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut files: Vec<(&str, Vec<u8>)> = vec![("the demo", demo), ("CDNOW sample", cdnow)];
    for name in [
        "cdnow/CDNOW_master.txt",
        "groceries/Groceries_dataset_member_date.csv",
        "global_superstore/Global_Superstore2.csv.gz",
        "online_retail_ii/online_retail_II_full.csv.gz",
        "online_retail/online_retail_I.csv.gz",
    ] {
        if let Some(bytes) = real(name) {
            files.push((name, bytes));
        }
    }
    for (name, bytes) in &files {
        let mut request = Request::default();
        request.clusters.enabled = false;
        request.basket.enabled = false;
        let a = run(&bytes[..], &request, &mut |_, _| {}).unwrap();
        let c = a
            .report
            .clv
            .done()
            .unwrap_or_else(|| panic!("{name}: {:?}", a.report.clv.why_not()));
        assert!(c.total.is_finite() && c.total > 0.0, "{name}");
        assert_ne!(c.intervals, IntervalMethod::Unavailable, "{name}");
        // Every file here spans a year or more: the holdout is set automatically and chose the model.
        assert!(c.holdout.is_some(), "{name}: {}", c.holdout_note);
        assert!(c.choice.contains("holdout"), "{name}: {}", c.choice);
        for x in &a.customers {
            let (v, low, high) = (x.clv.unwrap(), x.clv_low.unwrap(), x.clv_high.unwrap());
            assert!(
                v.is_finite() && low <= v && v <= high,
                "{name}: {v} {low} {high}"
            );
            assert!(
                v < 0.01 || low < high,
                "{name}: a zero-width interval at {v}"
            );
        }
        // A P(alive) near 100 % for everyone never comes without the diagnosis.
        let everyone_alive = a.customers.iter().all(|x| x.p_alive.unwrap() > 0.98);
        assert!(!everyone_alive || c.diagnosis.is_some(), "{name}");
        eprintln!(
            "{name}: {} — {}",
            c.choice,
            c.diagnosis.as_deref().unwrap_or("identified")
        );
    }
    // And the holdout can be switched off.
    let mut request = Request::default();
    request.clv.calibration = Calibration::Off;
    let a = run(&files[0].1[..], &request, &mut |_, _| {}).unwrap();
    let c = a.report.clv.done().unwrap();
    assert!(c.holdout.is_none());
    assert_eq!(c.holdout_note, "No holdout: switched off.");
}
