//! The management view and the cohorts: a small file worked out by hand, the Sample Superstore's yearly
//! figures, and an incomplete last month.

use customer_lens::core::ingest::SetAside;
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::report::Analysis;

fn analyze(csv: &str) -> Analysis {
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap()
}

const SMALL: &str = "\
Order ID,Customer ID,Order Date,Category,Ship Mode,Sales,Profit
O1,A,2023-01-05,Tech,First,100,10
O1,A,2023-01-05,Office,First,50,5
O2,B,2023-01-20,Tech,Standard,200,20
O3,A,2023-02-10,Office,Standard,30,3
O4,C,2024-02-01,Tech,Standard,300,60
O5,B,2024-03-15,Furniture,Same Day,70,7
";

#[test]
fn a_small_file_worked_out_by_hand() {
    let a = analyze(SMALL);
    let p = &a.report.performance;
    // 2023: sales 100 + 50 + 200 + 30 = 380, profit 38; 2024: sales 370, profit 67.
    assert_eq!(p.by_year.len(), 2);
    assert_eq!(
        (p.by_year[0].year, p.by_year[0].sales, p.by_year[0].profit),
        (2023, 380.0, Some(38.0))
    );
    assert_eq!(
        (p.by_year[1].sales, p.by_year[1].profit),
        (370.0, Some(67.0))
    );
    // Like for like: 2023 has January and February, 2024 February and March, so the change compares the
    // Februaries alone (sales 300 on 30, profit 60 on 3), not 370 on 380.
    assert_eq!((p.by_year[0].months, p.by_year[1].months), (2, 2));
    assert_eq!(p.by_year[1].compared_months, 1);
    assert!((p.by_year[1].sales_change.unwrap() - (300.0 / 30.0 - 1.0)).abs() < 1e-12);
    assert!((p.by_year[1].profit_change.unwrap() - (60.0 / 3.0 - 1.0)).abs() < 1e-12);
    assert_eq!(p.by_year[0].sales_change, None);
    // By month: January 2023 to March 2024, empty months included; January 2023 sales 350, profit 35.
    assert_eq!(p.by_month.len(), 15);
    assert_eq!(
        (
            p.by_month[0].revenue,
            p.by_month[0].orders,
            p.by_month[0].profit
        ),
        (350.0, 2, Some(35.0))
    );
    assert_eq!(p.by_month[5].profit, Some(0.0));
    // On the same month a year before: January 0 against 350, February 300 against 30, March against 0.
    let yoy: Vec<Option<f64>> = p.by_month[12..].iter().map(|m| m.change_on_year).collect();
    assert_eq!(yoy, [Some(-1.0), Some(9.0), None]);
    assert_eq!(p.by_month[11].change_on_year, None);
    // Per RFM segment: the segments' customers and yearly sales add up to the whole.
    let per = &a.report.performance_by_segment;
    assert_eq!(per.iter().map(|g| g.customers).sum::<u64>(), 3);
    for (k, year) in p.by_year.iter().enumerate() {
        let sum: f64 = per
            .iter()
            .flat_map(|g| g.performance.by_year.iter().filter(|y| y.year == year.year))
            .map(|y| y.sales)
            .sum();
        assert!((sum - p.by_year[k].sales).abs() < 1e-9);
    }
    let a_segment = a
        .customers
        .iter()
        .find(|c| c.id == "A")
        .unwrap()
        .segment
        .name();
    let group = per.iter().find(|g| g.name == a_segment).unwrap();
    assert_eq!(group.orders, 2);
    // Tech 600 of 750, Office 80, Furniture 70.
    let cats: Vec<(&str, f64, f64)> = p
        .by_category
        .iter()
        .map(|g| (g.name.as_str(), g.sales, g.share))
        .collect();
    assert_eq!(
        cats,
        [
            ("Tech", 600.0, 0.8),
            ("Office", 80.0, 80.0 / 750.0),
            ("Furniture", 70.0, 70.0 / 750.0)
        ]
    );
    // Orders by mode: Standard O2 O3 O4, First O1, Same Day O5.
    let modes: Vec<(&str, u64)> = p
        .ship_mode_share
        .iter()
        .map(|m| (m.name.as_str(), m.orders))
        .collect();
    assert_eq!(modes, [("Standard", 3), ("First", 1), ("Same Day", 1)]);
    assert!((p.ship_mode_share[0].share - 0.6).abs() < 1e-12);
    assert!(p.by_sub_category.is_empty() && p.by_country.is_empty());
    assert!(p.notes.iter().any(|n| n.contains("No sub-category column")));
    // Cohort 2023-01: A and B (revenue 180 + 270), A back in 2023-02, B in 2024-03 (14 months on);
    // cohort 2024-02: C alone.
    let c = &a.report.cohorts.cohorts;
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].month.as_str(), c[0].customers, c[0].revenue),
        ("2023-01", 2, 450.0)
    );
    assert_eq!(c[0].retention.len(), 15);
    assert_eq!(
        (c[0].retention[0], c[0].retention[1], c[0].retention[14]),
        (1.0, 0.5, 0.5)
    );
    assert_eq!(c[0].retention[2..14].iter().sum::<f64>(), 0.0);
    assert_eq!(
        (c[1].month.as_str(), c[1].customers, c[1].retention.clone()),
        ("2024-02", 1, vec![1.0, 0.0])
    );
}

#[test]
fn sample_superstore_sales_and_profit_by_year() {
    // Tableau's Sample Superstore: sales 484,247.50 / 470,532.51 / 609,205.60 / 733,215.26 and profit
    // 49,543.97 / 61,618.60 / 81,795.17 / 93,439.27 for 2014-2017, as its sample workbook shows them.
    let csv = std::fs::read_to_string(format!(
        "{}/data/superstore_sample.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let a = analyze(&csv);
    let p = &a.report.performance;
    let want = [
        (2014, 484_247.50, 49_543.97),
        (2015, 470_532.51, 61_618.60),
        (2016, 609_205.60, 81_795.17),
        (2017, 733_215.26, 93_439.27),
    ];
    for (y, (year, sales, profit)) in p.by_year.iter().zip(want) {
        assert_eq!(y.year, year);
        assert!((y.sales - sales).abs() < 0.01, "{year}: {}", y.sales);
        assert!(
            (y.profit.unwrap() - profit).abs() < 0.01,
            "{year}: {:?}",
            y.profit
        );
    }
    assert_eq!(p.by_category.len(), 3);
    assert_eq!(p.by_sub_category.len(), 11, "top ten and the rest");
    assert_eq!(p.by_sub_category[10].name, "Other (7)");
    // One country, four regions (sums from the file with Python's csv module).
    assert_eq!(p.by_country.len(), 1);
    let regions: Vec<(&str, f64)> = p
        .by_region
        .iter()
        .map(|g| (g.name.as_str(), g.sales))
        .collect();
    let expected = [
        ("West", 725_457.824_5),
        ("East", 678_781.24),
        ("Central", 501_239.890_8),
        ("South", 391_721.905),
    ];
    for ((name, sales), (want_name, want)) in regions.iter().zip(expected) {
        assert_eq!(*name, want_name);
        assert!((sales - want).abs() < 1e-6, "{name}: {sales}");
    }
    assert_eq!(
        p.ship_mode_share.iter().map(|m| m.orders).sum::<u64>(),
        5_009
    );
    let cohort_customers: u64 = a.report.cohorts.cohorts.iter().map(|c| c.customers).sum();
    assert_eq!(cohort_customers, 793);
    assert!(
        a.report.cohorts.incomplete.is_empty(),
        "{:?}",
        a.report.cohorts.incomplete
    );
}

#[test]
fn a_cut_off_last_month_is_flagged() {
    // An order a day from 1 January to 30 April 2024, then only 1-3 May.
    let mut csv = String::from("InvoiceNo,CustomerID,InvoiceDate,Amount\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for d in 0..124u64 {
        let day = start + chrono::Days::new(d);
        csv.push_str(&format!("{},{},{day},10\n", 1000 + d, d % 40));
    }
    let a = analyze(&csv);
    let flagged: Vec<&str> = a
        .report
        .cohorts
        .incomplete
        .iter()
        .map(|m| m.month.as_str())
        .collect();
    assert_eq!(flagged, ["2024-05"]);
    assert_eq!(a.report.cohorts.incomplete[0].days, 3);
    // Excluding it: the period ends on the last day of April.
    let c = &a.report.cohorts;
    assert_eq!(
        (c.complete_start.as_deref(), c.complete_end.as_deref()),
        (None, Some("2024-04-30"))
    );
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    request.analysis_date = c.complete_end.as_deref().and_then(|d| d.parse().ok());
    let cut = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    assert_eq!(cut.report.kpi.last_date, "2024-04-30");
    assert!(cut.report.cohorts.incomplete.is_empty());
    assert_eq!(cut.report.rows.set_aside[&SetAside::AfterAnalysisDate], 3);
}

#[test]
fn a_period_filter_reaches_every_part_of_the_report() {
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    request.period_start = "2023-02-01".parse().ok();
    request.analysis_date = "2024-02-29".parse().ok();
    let a = run(SMALL.as_bytes(), &request, &mut |_, _| {}).unwrap();
    // Kept: O3 (A, 2023-02-10, 30) and O4 (C, 2024-02-01, 300).
    let r = &a.report;
    assert_eq!((r.rows.read, r.rows.used), (6, 2));
    assert_eq!(r.rows.set_aside[&SetAside::BeforePeriod], 3);
    assert_eq!(r.rows.set_aside[&SetAside::AfterAnalysisDate], 1);
    assert!(r.rows.balances());
    assert_eq!(
        (r.kpi.first_date.as_str(), r.kpi.revenue),
        ("2023-02-10", 330.0)
    );
    assert_eq!(r.customers, 2);
    let years: Vec<(i32, f64)> = r
        .performance
        .by_year
        .iter()
        .map(|y| (y.year, y.sales))
        .collect();
    assert_eq!(years, [(2023, 30.0), (2024, 300.0)]);
    assert_eq!(
        r.cohorts.cohorts.iter().map(|c| c.customers).sum::<u64>(),
        2
    );
    assert_eq!(r.settings.period_start.as_deref(), Some("2023-02-01"));
    // A start after the end is a sentence, not a panic.
    request.period_start = "2024-03-01".parse().ok();
    let e = run(SMALL.as_bytes(), &request, &mut |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("after its end"), "{e}");
}

#[test]
fn a_group_counts_its_own_orders_for_the_mean_shipping_cost() {
    use customer_lens::core::ingest::{read, ReadOptions};
    use customer_lens::core::performance::by_group;
    let csv = "Order ID,Customer ID,Order Date,Sales,Shipping Cost\n\
               O1,A,2024-01-01,100,4\nO1,A,2024-01-01,50,6\nO2,A,2024-01-02,10,20\nO3,B,2024-01-03,70,60\n";
    let tx = read(csv.as_bytes(), &ReadOptions::default(), &mut |_| {})
        .unwrap()
        .transactions;
    // Customer codes in order of appearance: A = 0, B = 1.
    let groups = by_group(&tx, &["a".into(), "b".into()], &[Some(0), Some(1)]);
    let mean = |g: usize| groups[g].performance.mean_shipping_cost.unwrap();
    // A: (4 + 6 + 20) / 2 orders; B: 60 / 1 order.
    assert_eq!((mean(0), mean(1)), (15.0, 60.0));
    assert_eq!((groups[0].orders, groups[1].orders), (2, 1));
    assert_eq!(groups[1].performance.by_year[0].sales, 70.0);
}

#[test]
fn a_group_has_its_own_cohorts_over_the_whole_data_span() {
    use customer_lens::core::ingest::{read, ReadOptions};
    use customer_lens::core::performance::by_group;
    let tx = read(SMALL.as_bytes(), &ReadOptions::default(), &mut |_| {})
        .unwrap()
        .transactions;
    // Customer codes in order of appearance: A = 0, B = 1, C = 2. Group "ab" = A and B, group "c" = C.
    let groups = by_group(
        &tx,
        &["ab".into(), "c".into()],
        &[Some(0), Some(0), Some(1)],
    );
    let ab = &groups[0].cohorts;
    // A and B both start in 2023-01 (A back in 2023-02, B in 2024-03): the same row as the whole data's.
    assert_eq!(ab.len(), 1);
    assert_eq!(
        (ab[0].month.as_str(), ab[0].customers, ab[0].revenue),
        ("2023-01", 2, 450.0)
    );
    assert_eq!(ab[0].retention.len(), 15);
    assert_eq!((ab[0].retention[1], ab[0].retention[14]), (0.5, 0.5));
    // C alone: its row runs to the data's last month (2024-03), though C's own purchases end in 2024-02.
    let c = &groups[1].cohorts;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (
            c[0].month.as_str(),
            c[0].customers,
            c[0].revenue,
            c[0].retention.clone()
        ),
        ("2024-02", 1, 300.0, vec![1.0, 0.0])
    );
}

/// The KPI tiles' comparison: the last complete month against the month before and a year before.
#[test]
fn the_trend_compares_the_last_complete_month() {
    use customer_lens::core::kpi::{trend, Month, SPARK_MONTHS};
    let month = |k: usize, revenue: f64, orders: u64| Month {
        month: format!("{:04}-{:02}", 2020 + k / 12, k % 12 + 1),
        revenue,
        orders,
        profit: None,
        change_on_year: None,
    };
    // 2020-01 .. 2022-03: revenue 100 + k, orders 10 + k; the last month is incomplete.
    let months: Vec<Month> = (0..27)
        .map(|k| month(k, 100.0 + k as f64, 10 + k as u64))
        .collect();
    let t = trend(&months, |m| m == "2022-03").unwrap();
    assert_eq!(t.month, "2022-02");
    assert_eq!((t.revenue, t.orders), (125.0, 35));
    assert!((t.revenue_on_month.unwrap() - (125.0 / 124.0 - 1.0)).abs() < 1e-12);
    assert!((t.orders_on_month.unwrap() - (35.0 / 34.0 - 1.0)).abs() < 1e-12);
    assert!((t.revenue_on_year.unwrap() - (125.0 / 113.0 - 1.0)).abs() < 1e-12);
    assert!((t.orders_on_year.unwrap() - (35.0 / 23.0 - 1.0)).abs() < 1e-12);
    assert_eq!(t.recent.len(), SPARK_MONTHS);
    assert_eq!(t.recent.last().unwrap().month, "2022-02");
    assert_eq!(t.recent[0].month, "2020-03");
    // Under a year of data: no yearly change; a month before with nothing: no monthly change.
    let mut short: Vec<Month> = (0..5).map(|k| month(k, 50.0, 5)).collect();
    short[3].revenue = 0.0;
    short[3].orders = 0;
    let t = trend(&short, |_| false).unwrap();
    assert_eq!(t.month, "2020-05");
    assert_eq!(
        (t.revenue_on_month, t.orders_on_month, t.revenue_on_year),
        (None, None, None)
    );
    assert_eq!(t.recent.len(), 5);
    assert!(trend(&short, |_| true).is_none());
}
