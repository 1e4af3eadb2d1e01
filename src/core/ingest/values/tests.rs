//! Unit tests of `ingest::values`.

use super::*;
use crate::core::table::calendar::day_of;
use crate::core::table::iso_date;

fn ymd(text: &str, day_first: bool) -> Option<String> {
    let raw = parse_date(text)?;
    let secs = raw.resolve(day_first)?;
    Some(format!(
        "{} {}",
        iso_date(day_of(secs)),
        secs.rem_euclid(SECONDS_PER_DAY)
    ))
}

#[test]
fn dates_in_export_forms() {
    let cases = [
        ("2011-12-09 12:50:00", false, "2011-12-09 46200"),
        ("2011-12-09T12:50", false, "2011-12-09 46200"),
        ("2016/11/08", false, "2016-11-08 0"),
        ("20110101", false, "2011-01-01 0"),
        ("19970101", true, "1997-01-01 0"),
        ("12/1/2010 8:26", false, "2010-12-01 30360"),
        ("12/1/2010 8:26", true, "2010-01-12 30360"),
        ("31-07-2012", true, "2012-07-31 0"),
        ("31/07/2012", true, "2012-07-31 0"),
        ("31.07.2012", true, "2012-07-31 0"),
        ("1/4/11 1:05 PM", false, "2011-01-04 47100"),
        ("1/4/2011 12:05 AM", false, "2011-01-04 300"),
    ];
    for (text, day_first, want) in cases {
        assert_eq!(ymd(text, day_first).as_deref(), Some(want), "{text}");
    }
}

#[test]
fn huge_hours_are_rejected_without_overflow() {
    // 1,193,047 h x 3,600 s exceeds u32: the range check must come first (a panic in checked builds).
    assert_eq!(parse_time(b"1193047:00"), None);
    assert_eq!(parse_time(b"999999999:59:59"), None);
    assert_eq!(ymd("2011-12-09 1193047:00", false), None);
}

#[test]
fn impossible_or_foreign_dates_are_rejected() {
    for text in [
        "",
        "hello",
        "2011-13-01",
        "13085",
        "29.33",
        "99999999",
        "32/01/2012",
        "1/2",
        "2011-12-09 25:00",
    ] {
        assert!(parse_date(text).is_none(), "{text}");
    }
    // Parses, but is no date under the chosen order.
    assert_eq!(parse_date("31/07/2012").unwrap().resolve(false), None);
    assert_eq!(parse_date("2011-02-30").unwrap().resolve(false), None);
}

#[test]
fn numbers_with_either_separator() {
    use DecimalSeparator::{Comma, Dot};
    let cases = [
        ("29.33", Dot, Some(29.33)),
        ("-1", Dot, Some(-1.0)),
        ("1,234.50", Dot, Some(1234.5)),
        ("12.642.501,91", Comma, Some(12_642_501.91)),
        ("3,5", Comma, Some(3.5)),
        ("$ 12.50", Dot, Some(12.5)),
        ("(4.00)", Dot, Some(-4.0)),
        ("1e3", Dot, Some(1000.0)),
        ("0.2", Dot, Some(0.2)),
        ("41.9136", Dot, Some(41.9136)),
        ("", Dot, None),
        ("abc", Dot, None),
        ("NaN", Dot, None),
        ("1.2.3", Dot, None),
    ];
    for (text, sep, want) in cases {
        assert_eq!(parse_number(text, sep), want, "{text}");
    }
}

#[test]
fn decimal_evidence() {
    use DecimalSeparator::{Comma, Dot};
    assert_eq!(DecimalSeparator::evidence("12.642.501,91"), Some(Comma));
    assert_eq!(DecimalSeparator::evidence("3,5"), Some(Comma));
    assert_eq!(DecimalSeparator::evidence("1,234.50"), Some(Dot));
    assert_eq!(DecimalSeparator::evidence("29.33"), Some(Dot));
    assert_eq!(DecimalSeparator::evidence("1,234"), None);
    assert_eq!(DecimalSeparator::evidence("12"), None);
}

#[test]
fn ids_and_missing_markers() {
    assert_eq!(normalize_id(" 13085.0 "), "13085");
    assert_eq!(normalize_id("13085.5"), "13085.5");
    assert_eq!(normalize_id("CG-12520"), "CG-12520");
    assert_eq!(normalize_id("00004"), "00004");
    assert!(is_missing(" "));
    assert!(is_missing("NaN"));
    assert!(!is_missing("0"));
}
