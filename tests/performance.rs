//! The management view and the cohorts: a small file worked out by hand, the Sample Superstore's yearly
//! figures, and an incomplete last month.

use customer_lens::core::pipeline::{run, Analysis, Request};

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
    assert!((p.by_year[1].sales_change.unwrap() - (370.0 / 380.0 - 1.0)).abs() < 1e-12);
    assert!((p.by_year[1].profit_change.unwrap() - (67.0 / 38.0 - 1.0)).abs() < 1e-12);
    assert_eq!(p.by_year[0].sales_change, None);
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
}
