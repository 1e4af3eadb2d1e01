//! RFM on a file whose recency, frequency, monetary, scores and segments are worked out by hand.

use customer_lens::core::ingest::SetAside;
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::report::export::customers_csv;
use customer_lens::core::rfm::Segment;
use customer_lens::core::settings::{date, DateSetting, SettingError};

/// Five customers; the last purchase is 2020-01-10, so the analysis date is 2020-01-11.
///
/// | id | orders (day: amount)              | recency | frequency | monetary |
/// |----|-----------------------------------|---------|-----------|----------|
/// | A  | 01: 10, 10: 20                    | 1       | 2         | 30       |
/// | B  | 05: 100                           | 6       | 1         | 100      |
/// | C  | 02: 5, 03: 5, 04: 5               | 7       | 3         | 15       |
/// | D  | 09: 50 (two lines of one invoice) | 2       | 1         | 50       |
/// | E  | 01: 1                             | 10      | 1         | 1        |
///
/// With five customers the quintile edges of the ranks are 1.8, 2.6, 3.4, 4.2, so each rank is its own
/// score. Ranks ("first": ties in order of appearance, customers sorted by id):
/// recency ascending A D B C E -> R 5 4 3 2 1; frequency B D E A C -> F 1 2 3 4 5;
/// monetary E C A D B -> M 1 2 3 4 5.
const FILE: &str = "Customer ID,Invoice,InvoiceDate,Sales
E,9,2020-01-01,1
A,1,2020-01-01,10
A,2,2020-01-10,20
B,3,2020-01-05,100
C,4,2020-01-02,5
C,5,2020-01-03,5
C,6,2020-01-04,5
D,7,2020-01-09,20
D,7,2020-01-09 12:00,30
";

/// id, recency, frequency, monetary, R, F, M, segment.
type Row<'a> = (&'a str, i64, u32, f64, u8, u8, u8, Segment);

#[test]
fn scores_and_segments_match_the_hand_worked_table() {
    let a = run(FILE.as_bytes(), &Request::default(), &mut |_, _| {}).unwrap();
    assert_eq!(a.report.settings.analysis_date, "2020-01-11");
    let got: Vec<Row> = a
        .customers
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.recency,
                c.frequency,
                c.monetary,
                c.r,
                c.f,
                c.m,
                c.segment,
            )
        })
        .collect();
    use Segment::*;
    assert_eq!(
        got,
        vec![
            ("A", 1, 2, 30.0, 5, 4, 3, Champions),
            ("B", 6, 1, 100.0, 3, 1, 5, AboutToSleep),
            ("C", 7, 3, 15.0, 2, 5, 2, CantLoseThem),
            ("D", 2, 1, 50.0, 4, 2, 4, PotentialLoyalists),
            ("E", 10, 1, 1.0, 1, 3, 1, AtRisk),
        ]
    );
    let rfm = &a.report.rfm;
    assert_eq!(rfm.segments.len(), 5);
    assert_eq!(rfm.segments["Champions"], 1);
    assert_eq!(rfm.grid[4][3], 1, "A sits at R 5, F 4");
    let champions = rfm.summary.iter().find(|s| s.segment == Champions).unwrap();
    assert!((champions.revenue_share - 30.0 / 196.0).abs() < 1e-12);
    assert_eq!(a.report.kpi.orders, 8);
    assert!((a.report.kpi.average_order_value - 196.0 / 8.0).abs() < 1e-12);
    assert_eq!(a.report.performance.by_month.len(), 1);
    assert_eq!(a.report.performance.by_month[0].orders, 8);
}

#[test]
fn analysis_date_moves_recency_and_is_checked() {
    let request = Request {
        analysis_date: "2020-01-31".parse().ok(),
        ..Default::default()
    };
    let a = run(FILE.as_bytes(), &request, &mut |_, _| {}).unwrap();
    assert_eq!(a.customers[0].recency, 21);
    // An earlier date looks at the data as of that day: later purchases are set aside and counted.
    let early = Request {
        analysis_date: "2020-01-04".parse().ok(),
        ..Default::default()
    };
    let a = run(FILE.as_bytes(), &early, &mut |_, _| {}).unwrap();
    assert_eq!(a.report.rows.set_aside[&SetAside::AfterAnalysisDate], 4);
    assert_eq!(a.report.rows.used, 5);
    let ids: Vec<&str> = a.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["A", "C", "E"]);
    assert_eq!(
        a.customers[1].recency, 0,
        "C bought on the analysis date itself"
    );
    assert!(matches!(
        date(DateSetting::AnalysisDate, "soon"),
        Err(SettingError::Date(DateSetting::AnalysisDate, _))
    ));
}

#[test]
fn csv_export_has_one_row_per_customer_and_defuses_formulas() {
    let file = "Customer ID,InvoiceDate,Sales\n=HYPERLINK(1),2020-01-01,5\nplain,2020-01-02,7.5\n";
    let a = run(file.as_bytes(), &Request::default(), &mut |_, _| {}).unwrap();
    let csv = customers_csv(&a.customers);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with("customer_id,first_purchase,last_purchase,recency,frequency,monetary")
    );
    assert!(lines.iter().any(|l| l.starts_with("'=HYPERLINK(1),")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("plain,2020-01-02,2020-01-02,1,1,7.50,")));
}

#[test]
fn progress_reaches_every_stage() {
    let mut seen = Vec::new();
    run(FILE.as_bytes(), &Request::default(), &mut |stage, f| {
        seen.push((stage, f))
    })
    .unwrap();
    use customer_lens::core::pipeline::Stage;
    for stage in [Stage::Reading, Stage::Features, Stage::Segments] {
        assert!(seen.iter().any(|(s, _)| *s == stage), "{stage:?}");
    }
    assert_eq!(seen.last().map(|s| s.1), Some(1.0));
}
