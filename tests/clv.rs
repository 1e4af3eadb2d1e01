//! CLV models on the CDNOW sample against the published tables (sources in tests/data/README.md):
//! Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2), and
//! (2005b) "RFM and CLV: using iso-value curves", JMR 42(4); the same numbers are in the test suite of
//! the Python package lifetimes 0.11.3.
#![cfg(not(target_arch = "wasm32"))]

use customer_lens::core::clv::bgnbd::BgNbd;
use customer_lens::core::clv::gamma_gamma::GammaGamma;
use customer_lens::core::clv::mbgnbd::MbgNbd;
use customer_lens::core::clv::pareto_nbd::ParetoNbd;
use customer_lens::core::clv::summary::{summarize, Rft};
use customer_lens::core::ingest::{parse_iso_day, read, ReadOptions, Role};

/// `want` to three significant digits: |got - want| within half a unit of the third digit.
fn sig3(got: f64, want: f64) -> bool {
    let unit = 10f64.powf(want.abs().log10().floor() - 2.0);
    (got - want).abs() <= 0.5 * unit
}

/// The CDNOW sample's 39-week calibration summary (observation end 1997-09-30, weeks), with ids.
fn cdnow_calibration() -> Vec<(u32, Rft)> {
    let bytes = std::fs::read(format!(
        "{}/tests/data/CDNOW_sample.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let end = parse_iso_day("1997-09-30").unwrap();
    // The second column is the sample's own customer id (1..2357, the IDs of the summary file).
    let roles = vec![
        None,
        Some(Role::Customer),
        Some(Role::Date),
        Some(Role::Quantity),
        Some(Role::Amount),
    ];
    let options = ReadOptions {
        until_day: Some(end),
        roles: Some(roles),
        ..Default::default()
    };
    let got = read(&bytes, &options, &mut |_| {}).unwrap();
    let tx = &got.transactions;
    let mut rows: Vec<(u32, Rft)> = summarize(tx, end, 7.0)
        .into_iter()
        .enumerate()
        .map(|(code, r)| (tx.customers.get(code as u32).parse().unwrap(), r))
        .collect();
    rows.sort_by_key(|r| r.0);
    rows
}

#[test]
fn summary_equals_the_published_calibration_file() {
    let ours = cdnow_calibration();
    let text = std::fs::read_to_string(format!(
        "{}/tests/data/cdnow_customers_summary.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let theirs: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for ((id, r), t) in ours.iter().zip(&theirs) {
        assert_eq!(f64::from(*id), t[0]);
        assert_eq!(f64::from(r.frequency), t[1], "customer {id}");
        assert!(
            (r.recency - t[2]).abs() <= 0.005 + 1e-9,
            "customer {id}: recency {} vs {}",
            r.recency,
            t[2]
        );
        assert!(
            (r.t - t[3]).abs() <= 0.005 + 1e-9,
            "customer {id}: T {} vs {}",
            r.t,
            t[3]
        );
    }
}

#[test]
fn bgnbd_reproduces_the_published_fit() {
    let data: Vec<Rft> = cdnow_calibration().into_iter().map(|(_, r)| r).collect();
    let m = BgNbd::fit(&data).unwrap();
    assert!(sig3(m.r, 0.243), "r {}", m.r);
    assert!(sig3(m.alpha, 4.414), "alpha {}", m.alpha);
    assert!(sig3(m.a, 0.793), "a {}", m.a);
    assert!(sig3(m.b, 2.426), "b {}", m.b);
    assert!(
        (m.log_likelihood - -9582.4).abs() < 0.05,
        "ll {}",
        m.log_likelihood
    );
    assert!(
        m.std_errors.iter().all(|s| s.is_finite() && *s > 0.0),
        "{:?}",
        m.std_errors
    );
    // At the unrounded optimum the paper's unconditional expectation is E[X(78)] = 1.858.
    assert!((m.unconditional_expected(78.0).unwrap() - 1.858).abs() < 1e-3);
}

#[test]
fn bgnbd_predictions_equal_the_closed_forms() {
    // At the published parameters, for a customer with x = 2, t_x = 30.43, T = 38.86 weeks.
    let m = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
        log_likelihood: 0.0,
        std_errors: [0.0; 4],
        covariance: None,
    };
    assert!((m.expected_purchases(39.0, 2, 30.43, 38.86).unwrap() - 1.226).abs() < 5e-4);
    assert!((m.p_alive(2, 30.43, 38.86) - 0.727).abs() < 5e-4);
    // E[X(78)] at these rounded parameters, from mpmath 1.3.0:
    // (a+b-1)/(a-1) * (1 - (alpha/(alpha+78))**r * hyp2f1(r, b, a+b-1, 78/(alpha+78))) = 1.86051905794277
    assert!((m.unconditional_expected(78.0).unwrap() - 1.860_519_057_942_77).abs() < 1e-9);
    assert_eq!(m.p_alive(0, 0.0, 38.86), 1.0);
}

#[test]
fn gamma_gamma_reproduces_the_published_fit() {
    let data: Vec<Rft> = cdnow_calibration().into_iter().map(|(_, r)| r).collect();
    assert_eq!(data.iter().filter(|c| c.frequency > 0).count(), 946);
    let m = GammaGamma::fit(&data).unwrap();
    assert!(sig3(m.p, 6.25), "p {}", m.p);
    assert!(sig3(m.q, 3.74), "q {}", m.q);
    assert!(
        sig3(m.gamma, 15.44) || (m.gamma - 15.44).abs() < 0.05,
        "gamma {}",
        m.gamma
    );
    assert!(
        (m.log_likelihood - -4055.9).abs() < 0.5,
        "ll {}",
        m.log_likelihood
    );
    let published = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
        ..m
    };
    for (x, mean, want) in [(2, 22.35, 24.66), (1, 11.77, 18.91), (7, 73.74, 71.46)] {
        assert!(
            (published.expected_spend(x, mean) - want).abs() < 0.01,
            "x {x}"
        );
    }
}

#[test]
fn pareto_nbd_reproduces_the_published_fit() {
    let data: Vec<Rft> = cdnow_calibration().into_iter().map(|(_, r)| r).collect();
    let m = ParetoNbd::fit(&data).unwrap();
    assert!(sig3(m.r, 0.553), "r {}", m.r);
    assert!(
        sig3(m.alpha, 10.58) || (m.alpha - 10.58).abs() < 0.05,
        "alpha {}",
        m.alpha
    );
    assert!(sig3(m.s, 0.606), "s {}", m.s);
    assert!(
        sig3(m.beta, 11.67) || (m.beta - 11.67).abs() < 0.05,
        "beta {}",
        m.beta
    );
    assert!(
        (m.log_likelihood - -9595.0).abs() < 0.5,
        "ll {}",
        m.log_likelihood
    );
    let p = m.p_alive(2, 30.43, 38.86);
    assert!(p > 0.0 && p < 1.0);
    let e = m.expected_purchases(39.0, 2, 30.43, 38.86).unwrap();
    assert!(e > 0.5 && e < 2.0, "{e}");
}

#[test]
fn mbgnbd_fits_and_predicts_like_bgnbd_on_cdnow() {
    let data: Vec<Rft> = cdnow_calibration().into_iter().map(|(_, r)| r).collect();
    let m = MbgNbd::fit(&data).unwrap();
    let bg = BgNbd::fit(&data).unwrap();
    assert!(m.std_errors.iter().all(|s| s.is_finite()));
    // Both models describe the same data: their 39-week forecasts for the paper's example customer agree
    // within 10 %, and a one-time buyer is not certainly alive under MBG/NBD.
    let (e_m, e_bg) = (
        m.expected_purchases(39.0, 2, 30.43, 38.86).unwrap(),
        bg.expected_purchases(39.0, 2, 30.43, 38.86).unwrap(),
    );
    assert!((e_m / e_bg - 1.0).abs() < 0.1, "{e_m} vs {e_bg}");
    assert!(m.p_alive(0, 0.0, 38.86) < 1.0);
    assert!((m.log_likelihood - bg.log_likelihood).abs() < 50.0);
}

#[test]
fn degenerate_data_gets_a_clear_error() {
    let one_timers = vec![
        Rft {
            frequency: 0,
            recency: 0.0,
            t: 10.0,
            monetary: 0.0
        };
        5
    ];
    let e = BgNbd::fit(&one_timers).unwrap_err();
    assert!(e.to_string().contains("no customer bought twice"), "{e}");
    let e = GammaGamma::fit(&one_timers).unwrap_err();
    assert!(
        e.to_string()
            .contains("fewer than two customers with repeat purchases"),
        "{e}"
    );
    assert!(BgNbd::fit(&one_timers[..1]).is_err());
}
