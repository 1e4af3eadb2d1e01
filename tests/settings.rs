//! Every setting is checked once, before any work, in the core and the command alike: out of its range
//! it is refused with a sentence naming the setting and the range.

use std::process::Command;

use customer_lens::core::clusters::Split;
use customer_lens::core::clv::horizon::Horizon;
use customer_lens::core::pipeline::{run, CoreError, Request};
use customer_lens::core::settings::{check, date, DateSetting, SettingError};
use customer_lens::core::table::Day;

/// A change to the default request and words its refusal must hold.
type Case = (fn(&mut Request), &'static str);

const FILE: &str = "Customer ID,InvoiceDate,Sales\nA,2020-01-01,5\nB,2020-02-01,7\n";

/// The request's error, after checking that `run` refuses it before reading a row.
fn refused(request: &Request) -> SettingError {
    let mut stages = 0;
    match run(FILE.as_bytes(), request, &mut |_, _| stages += 1) {
        Err(CoreError::Setting(e)) => {
            assert_eq!(stages, 0, "refused before any stage");
            assert_eq!(check(request).unwrap_err().to_string(), e.to_string());
            e
        }
        other => panic!("expected a setting error, got {other:?}"),
    }
}

#[test]
fn the_defaults_pass() {
    assert!(check(&Request::default()).is_ok());
}

#[test]
fn lifetime_value_settings_are_bounded() {
    for text in [
        "0 months",
        "241 months",
        "1045 weeks",
        "7306 days",
        "-3 weeks",
    ] {
        let mut r = Request::default();
        r.clv.horizon = text.parse().unwrap_or(Horizon::months(-3.0));
        let e = refused(&r);
        assert!(matches!(e, SettingError::Horizon(_)), "{text}: {e}");
        assert!(e.to_string().contains("at most 20 years"), "{e}");
    }
    for text in [
        "240 months",
        "1044 weeks",
        "7305 days",
        "39 weeks",
        "0.5 months",
    ] {
        let mut r = Request::default();
        r.clv.horizon = text.parse().unwrap();
        assert!(check(&r).is_ok(), "{text}");
    }
    for days in [27.9, 31.5, f64::NAN] {
        let mut r = Request::default();
        r.clv.month_days = Some(days);
        assert!(matches!(refused(&r), SettingError::MonthDays(_)));
    }
    for spend in [0.0, -2.0, f64::INFINITY] {
        let mut r = Request::default();
        r.clv.spend_per_purchase = Some(spend);
        assert!(matches!(refused(&r), SettingError::SpendPerPurchase(_)));
    }
    for rate in [-1.0, -0.5, 0.51, f64::NAN, f64::INFINITY] {
        let mut r = Request::default();
        r.clv.discount_rate = rate;
        assert!(matches!(refused(&r), SettingError::DiscountRate(_)));
    }
    let mut off = Request::default();
    off.clv.enabled = false;
    off.clv.discount_rate = -1.0;
    assert!(
        check(&off).is_ok(),
        "a skipped section's settings do not matter"
    );
}

#[test]
fn cluster_settings_are_bounded() {
    let mut r = Request::default();
    r.clusters.k = Some(12);
    assert_eq!(refused(&r), SettingError::Clusters(12));
    for into in [0, 1, 6, 30] {
        let mut r = Request::default();
        r.clusters.split = Some(Split { cluster: 0, into });
        let e = refused(&r);
        assert_eq!(e, SettingError::SplitParts(into));
        assert!(e.to_string().contains("2 to 5 sub-clusters"), "{e}");
    }
    let mut r = Request::default();
    r.clusters.split = Some(Split {
        cluster: 9,
        into: 2,
    });
    assert_eq!(refused(&r), SettingError::SplitCluster(10));
}

#[test]
fn basket_settings_are_bounded() {
    let cases: [Case; 7] = [
        (|r| r.basket.min_support = Some(0.0), "minimum support"),
        (|r| r.basket.min_support = Some(1.5), "minimum support"),
        (
            |r| r.basket.min_confidence = Some(f64::NAN),
            "minimum confidence",
        ),
        (|r| r.basket.max_len = 0, "from 2 to 10"),
        (|r| r.basket.max_len = 50, "from 2 to 10"),
        (|r| r.basket.acceptance = -0.1, "offer acceptance"),
        (|r| r.basket.acceptance = 2.0, "offer acceptance"),
    ];
    for (set, words) in cases {
        let mut r = Request::default();
        set(&mut r);
        let e = refused(&r);
        assert!(e.to_string().contains(words), "{e}");
    }
}

#[test]
fn every_date_setting_is_parsed_once_and_refused_in_the_same_words() {
    let file = format!("{}/tests/data/CDNOW_sample.txt", env!("CARGO_MANIFEST_DIR"));
    let cases = [
        (
            DateSetting::AnalysisDate,
            "--observation-end",
            "analysis date",
        ),
        (
            DateSetting::PeriodStart,
            "--period-start",
            "start of the period",
        ),
        (
            DateSetting::CalibrationEnd,
            "--calibration-end",
            "calibration end",
        ),
        (
            DateSetting::MigrationBoundary,
            "--migration-boundary",
            "migration boundary",
        ),
    ];
    for (setting, flag, name) in cases {
        for text in ["soon", "2020-13-01", "1997-02-30"] {
            let e = date(setting, text).unwrap_err();
            assert_eq!(e, SettingError::Date(setting, text.into()));
            assert_eq!(
                e.to_string(),
                format!("The {name} '{text}' is not a date: write it as YYYY-MM-DD.")
            );
            // The command gives the page's sentence.
            let out = analyze(&file, &[flag, text]);
            assert_eq!(out.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&out.stderr).contains(&e.to_string()));
        }
        assert_eq!(date(setting, "  "), Ok(None), "empty text sets nothing");
        let day = date(setting, " 1997-03-01 ").unwrap().unwrap();
        assert_eq!(
            (day.number(), day.to_string()),
            (9_921, "1997-03-01".into())
        );
    }
    // A day is written as its date in JSON, and read back only from one.
    let day: Day = "2011-12-09".parse().unwrap();
    assert_eq!(serde_json::to_string(&day).unwrap(), "\"2011-12-09\"");
    assert_eq!(serde_json::from_str::<Day>("\"2011-12-09\"").unwrap(), day);
    assert!(serde_json::from_str::<Day>("\"2011-12-32\"").is_err());
}

#[test]
fn the_command_refuses_each_setting_with_its_range() {
    let file = format!("{}/tests/data/CDNOW_sample.txt", env!("CARGO_MANIFEST_DIR"));
    let cases = [
        (vec!["--max-itemset", "0"], "from 2 to 10"),
        (vec!["--max-itemset", "50"], "from 2 to 10"),
        (vec!["--min-support", "0"], "minimum support"),
        (vec!["--discount-rate", "-1"], "discount rate"),
        (vec!["--discount-rate", "NaN"], "discount rate"),
        (vec!["--horizon-months", "100000"], "at most 20 years"),
        (vec!["--horizon", "1045 weeks"], "at most 20 years"),
        (
            vec!["--horizon", "3 years"],
            "such as 12 months, 39 weeks or 10 days",
        ),
        (vec!["--month-days", "40"], "from 28 to 31 days"),
        (vec!["--spend-per-purchase", "-5"], "spend per purchase"),
        (
            vec!["--purchase-period", "year"],
            "[possible values: day, week, month]",
        ),
        (vec!["--split-cluster", "1:30"], "2 to 5 sub-clusters"),
    ];
    for (args, words) in cases {
        let out = analyze(&file, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
    }
}

/// The command's `analyze` of `file` with `args`.
fn analyze(file: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_customer-lens"))
        .arg("analyze")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

/// The demo analysed with `seed`.
fn demo(seed: u64) -> customer_lens::core::report::Analysis {
    let bytes = std::fs::read("data/superstore_sample.csv").unwrap();
    let request = Request {
        seed: customer_lens::core::seed::Seed(seed),
        ..Request::default()
    };
    run(&bytes[..], &request, &mut |_, _| {}).unwrap()
}

#[test]
fn one_seed_repeats_every_random_draw_and_another_changes_them() {
    let (a, again, other) = (demo(42), demo(42), demo(7));
    // Compared as JSON: a report holds NaN where a figure does not exist, and NaN is not equal to itself.
    let json = |x: &customer_lens::core::report::Analysis| {
        serde_json::to_string(&(&x.report, &x.customers)).unwrap()
    };
    assert_eq!(json(&a), json(&again));
    assert_ne!(json(&a), json(&other));
    assert_eq!(
        (a.report.settings.seed.0, other.report.settings.seed.0),
        (42, 7)
    );
    // The point values come from the fit alone; their intervals from the seeded draws.
    let clv = |x: &customer_lens::core::report::Analysis| -> Vec<Option<f64>> {
        x.customers.iter().map(|c| c.clv).collect()
    };
    assert_eq!(clv(&a), clv(&other));
    let lows = |x: &customer_lens::core::report::Analysis| -> Vec<Option<f64>> {
        x.customers.iter().map(|c| c.clv_low).collect()
    };
    assert!(lows(&a).iter().any(Option::is_some));
    assert_ne!(lows(&a), lows(&other));
}

#[test]
fn the_command_takes_a_seed_and_says_so_when_it_is_not_a_number() {
    let out = analyze("data/superstore_sample.csv", &["--seed", "x"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("'--seed <N>': takes a whole number such as 42, not 'x'"));
    let out = analyze(
        "data/superstore_sample.csv",
        &["--seed", "7", "--json", "--no-clusters", "--no-baskets"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["settings"]["seed"], 7);
}
