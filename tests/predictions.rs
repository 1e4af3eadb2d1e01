//! Predictions at any horizon and for any history against lifetimes 0.11.3 at fixed parameters
//! (`tests/data/predictions_reference.json`, made by `predictions_reference.py`: each call is named there).
#![cfg(not(target_arch = "wasm32"))]

use customer_lens::core::clv::horizon::{Horizon, PurchasePeriod, TimeScale};
use customer_lens::core::clv::model::{CountModel, FitMethod, ModelKind};
use customer_lens::core::clv::predict::{FittedModels, SavedFit};
use customer_lens::core::clv::summary::{summarize, Rft};
use customer_lens::core::ingest::{read, ReadOptions};
use customer_lens::core::table::parse_iso_day;
use serde_json::Value;

/// Closed forms agree to this relative error.
const CLOSED_FORM: f64 = 1e-9;
/// The numerical lifetime integral of Pareto/NBD's P(n purchases) agrees to this absolute error.
const QUADRATURE: f64 = 1e-7;

fn reference() -> Value {
    let path = format!(
        "{}/tests/data/predictions_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-12)
}

const KINDS: [(ModelKind, &str); 3] = [
    (ModelKind::Bgnbd, "bgnbd"),
    (ModelKind::ParetoNbd, "pareto_nbd"),
    (ModelKind::Mbgnbd, "mbgnbd"),
];

fn model(r: &Value, key: &str, kind: ModelKind) -> CountModel {
    let p = &r["params"][key];
    let names = kind.param_names();
    CountModel::from_params(kind, names.map(|n| p[n].as_f64().unwrap())).unwrap()
}

fn histories(r: &Value) -> Vec<Rft> {
    r["histories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| Rft {
            frequency: h[0].as_u64().unwrap() as u32,
            recency: h[1].as_f64().unwrap(),
            t: h[2].as_f64().unwrap(),
            monetary: 50.0,
        })
        .collect()
}

/// The fitted models of `r` in weeks, with `spend` per purchase when given, else Gamma-Gamma.
fn fitted(r: &Value, kind: ModelKind, spend: Option<f64>) -> FittedModels {
    let key = KINDS.iter().find(|k| k.0 == kind).unwrap().1;
    let gg = &r["gamma_gamma"];
    FittedModels {
        scale: TimeScale::new(7.0, None),
        horizon: Horizon::months(12.0),
        discount_rate: 0.01,
        fits: vec![SavedFit {
            model: kind,
            method: FitMethod::MaximumLikelihood,
            params: model(r, key, kind).params(),
        }],
        gamma_gamma: Some(["p", "q", "v"].map(|k| gg[k].as_f64().unwrap())),
        spend_per_purchase: spend,
    }
}

#[test]
fn a_new_customers_purchases_match_lifetimes() {
    let r = reference();
    let times = numbers(&r["times"]);
    for (kind, key) in KINDS {
        let m = model(&r, key, kind);
        let want = numbers(&r["models"][key]["unconditional"]);
        for (t, w) in times.iter().zip(want) {
            let got = m.unconditional_expected(*t).unwrap();
            assert!(
                close(got, w, CLOSED_FORM),
                "{key} E[X({t})] = {got}, lifetimes {w}"
            );
        }
        // P(X(39) = n): BG/NBD eq. 8 and MBG/NBD in closed form (lifetimes'
        // probability_of_n_purchases_up_to_time).
        if let Some(p) = r["models"][key].get("p_n_39") {
            let got = m.purchase_probabilities(39.0, 10, None);
            for (n, (g, w)) in got.iter().zip(numbers(p)).enumerate() {
                assert!(
                    close(*g, w, CLOSED_FORM),
                    "{key} P(X(39) = {n}) = {g}, lifetimes {w}"
                );
            }
        }
    }
}

#[test]
fn a_known_customers_predictions_match_lifetimes() {
    let r = reference();
    let hs = histories(&r);
    for (kind, key) in KINDS {
        let m = model(&r, key, kind);
        let want = &r["models"][key];
        for (i, h) in hs.iter().enumerate() {
            let alive = m.p_alive(h.frequency, h.recency, h.t);
            let w = want["p_alive"][i].as_f64().unwrap();
            assert!(
                close(alive, w, CLOSED_FORM),
                "{key} history {i}: P(alive) {alive}, lifetimes {w}"
            );
            let e = m
                .expected_purchases(39.0, h.frequency, h.recency, h.t)
                .unwrap();
            let w = want["conditional_39"][i].as_f64().unwrap();
            assert!(
                close(e, w, 1e-7),
                "{key} history {i}: E = {e}, lifetimes {w}"
            );
            // The conditional P(n purchases) sums to one and its mean is the conditional expectation
            // (no library gives it for BG/NBD or MBG/NBD; this ties it to the one that does).
            let p = m.purchase_probabilities(39.0, 600, Some((h.frequency, h.recency, h.t)));
            let total: f64 = p.iter().sum();
            let mean: f64 = p.iter().enumerate().map(|(n, v)| n as f64 * v).sum();
            assert!(
                (total - 1.0).abs() < 1e-6,
                "{key} history {i}: sums to {total}"
            );
            assert!(
                (mean - e).abs() < 1e-4 * e.max(1.0),
                "{key} history {i}: mean {mean}, E {e}"
            );
        }
    }
    // Pareto/NBD: lifetimes' conditional_probability_of_n_purchases_up_to_time (Fader & Hardie's note
    // 028, eq. 16, in closed form) against our numerical lifetime integral.
    let m = model(&r, "pareto_nbd", ModelKind::ParetoNbd);
    let want = r["models"]["pareto_nbd"]["conditional_p_n_39"]
        .as_array()
        .unwrap();
    for (h, w) in hs.iter().zip(want) {
        let got = m.purchase_probabilities(39.0, 6, Some((h.frequency, h.recency, h.t)));
        for (n, (g, w)) in got.iter().zip(numbers(w)).enumerate() {
            assert!(
                (g - w).abs() < QUADRATURE,
                "{h:?}: P({n}) = {g}, lifetimes {w}"
            );
        }
    }
}

#[test]
fn forecasts_follow_a_horizon_in_weeks_days_or_months() {
    let r = reference();
    let hs = histories(&r);
    for (kind, key) in KINDS {
        let f = fitted(&r, kind, None);
        let want = numbers(&r["models"][key]["conditional_39"]);
        for (h, w) in hs.iter().zip(&want) {
            for text in ["39 weeks", "273 days"] {
                let p = &f.predict(h, text.parse().unwrap(), 3).unwrap()[0];
                assert!(
                    close(p.expected_purchases, *w, 1e-7),
                    "{key} {text}: {}",
                    p.expected_purchases
                );
            }
        }
    }
}

#[test]
fn clv_at_a_given_spend_matches_lifetimes() {
    let r = reference();
    let hs = histories(&r);
    for (kind, key) in KINDS {
        for spend in numbers(&r["spends"]) {
            let f = fitted(&r, kind, Some(spend));
            let want = numbers(&r["models"][key]["clv_12_months"][format!("{spend:?}")]);
            for (h, w) in hs.iter().zip(want) {
                let p = &f.predict(h, Horizon::months(12.0), 0).unwrap()[0];
                let got = p.clv.unwrap();
                assert!(
                    close(got, w, 1e-7),
                    "{key} spend {spend} {h:?}: CLV {got}, lifetimes {w}"
                );
                assert_eq!(p.expected_spend, Some(spend));
            }
        }
    }
    // Gamma-Gamma's expected spend of a customer with mean repeat spend 50 (conditional_expected_average_profit).
    let f = fitted(&r, ModelKind::Bgnbd, None);
    for (h, w) in hs.iter().zip(r["expected_spend"].as_array().unwrap()) {
        if let Some(w) = w.as_f64() {
            let p = &f.predict(h, Horizon::months(1.0), 0).unwrap()[0];
            assert!(close(p.expected_spend.unwrap(), w, CLOSED_FORM));
        }
    }
}

#[test]
fn a_horizon_between_months_discounts_its_last_part() {
    let r = reference();
    let h = histories(&r)[1];
    let mut f = fitted(&r, ModelKind::Bgnbd, Some(10.0));
    f.discount_rate = 0.0;
    // Undiscounted, CLV is spend x expected purchases over any horizon, whole months or not.
    for text in ["1.5 months", "6 weeks", "100 days", "12 months"] {
        let p = &f.predict(&h, text.parse().unwrap(), 0).unwrap()[0];
        assert!(
            close(p.clv.unwrap(), 10.0 * p.expected_purchases, 1e-12),
            "{text}"
        );
    }
    // Discounted, value grows with the horizon; with months of 31 days, 26 weeks are fewer months than
    // with months of 28, so discounted less.
    f.discount_rate = 0.05;
    let clv = |f: &FittedModels, text: &str| {
        f.predict(&h, text.parse().unwrap(), 0).unwrap()[0]
            .clv
            .unwrap()
    };
    assert!(clv(&f, "5 weeks") < clv(&f, "6 weeks") && clv(&f, "6 weeks") < clv(&f, "2 months"));
    let (mut short, mut long) = (f.clone(), f.clone());
    short.scale = TimeScale::new(7.0, Some(28.0));
    long.scale = TimeScale::new(7.0, Some(31.0));
    assert!(clv(&long, "26 weeks") > clv(&short, "26 weeks"));
}

#[test]
fn the_summary_of_a_small_log_matches_lifetimes_by_day_and_by_week() {
    let r = reference();
    let mut csv = String::from("customer,date,amount\n");
    for row in r["log"].as_array().unwrap() {
        csv.push_str(&format!(
            "{},{},{}\n",
            row[0].as_str().unwrap(),
            row[1].as_str().unwrap(),
            row[2]
        ));
    }
    let got = read(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    let tx = &got.transactions;
    let end = parse_iso_day(r["log_end"].as_str().unwrap()).unwrap();
    for (freq, unit, period) in [
        ("D", 1.0, PurchasePeriod::Day),
        ("W", 7.0, PurchasePeriod::Week),
    ] {
        let summary = summarize(tx, end, unit, period);
        let want = r["summaries"][freq].as_object().unwrap();
        assert_eq!(summary.len(), want.len());
        for (code, s) in summary.iter().enumerate() {
            let id = tx.customers.get(code as u32);
            let w = &want[id];
            let got = [f64::from(s.frequency), s.recency, s.t, s.monetary];
            let expected =
                ["frequency", "recency", "T", "monetary_value"].map(|k| w[k].as_f64().unwrap());
            assert_eq!(got, expected, "{freq} customer {id}");
        }
    }
}
