//! The page's cross-filter and drill-down: each group a user can click picks exactly the customers the
//! report counts in that group, a selection's figures add up to the report's, and a customer's history
//! holds their orders as the report counts them.

use customer_lens::core::pipeline::{run, run_keeping_table, Request};
use customer_lens::core::report::filter::{Breakdown, Filter, Selection};
use customer_lens::core::report::history::{history, MAX_LINES};
use customer_lens::core::report::Analysis;
use customer_lens::core::rfm::Segment;

fn demo() -> Analysis {
    let bytes = std::fs::read("data/superstore_sample.csv").unwrap();
    run(&bytes[..], &Request::default(), &mut |_, _| {}).unwrap()
}

fn count(a: &Analysis, filter: &Filter) -> u64 {
    a.customers.iter().filter(|c| filter.matches(c)).count() as u64
}

#[test]
fn every_group_picks_the_customers_the_report_counts_in_it() {
    let a = demo();
    let r = &a.report;
    for s in &r.rfm.summary {
        assert_eq!(
            count(&a, &Filter::Segment(s.segment)),
            s.customers,
            "{}",
            s.name
        );
    }
    for (ri, row) in r.rfm.grid.iter().enumerate() {
        for (fi, &n) in row.iter().enumerate() {
            let cell = Filter::Cell {
                r: ri as u8 + 1,
                f: fi as u8 + 1,
            };
            assert_eq!(count(&a, &cell), n, "{cell:?}");
        }
    }
    let clusters = r.clusters.done().expect("the demo is clustered");
    assert!(clusters.profiles.len() >= 2);
    for p in &clusters.profiles {
        let picked = count(&a, &Filter::Cluster(p.code.clone()));
        assert_eq!(picked, p.size as u64, "cluster {}", p.code);
    }
    let clv = r.clv.done().expect("the demo is valued");
    for (tier, t) in &clv.by_tier {
        assert_eq!(
            count(&a, &Filter::Tier(tier.clone())),
            t.customers,
            "tier {tier}"
        );
    }
    assert!(!r.cohorts.cohorts.is_empty());
    for c in &r.cohorts.cohorts {
        assert_eq!(
            count(&a, &Filter::Cohort(c.month.clone())),
            c.customers,
            "{}",
            c.month
        );
    }
}

#[test]
fn a_selection_adds_up_to_the_report() {
    let a = demo();
    let r = &a.report;
    let champions = r
        .rfm
        .summary
        .iter()
        .find(|s| s.segment == Segment::Champions)
        .unwrap();
    let s = Selection::of(&a.customers, &Filter::Segment(Segment::Champions));
    assert_eq!(s.customers as u64, champions.customers);
    assert!((s.spend_share - champions.revenue_share).abs() < 1e-12);
    assert!((s.customer_share - s.customers as f64 / a.customers.len() as f64).abs() < 1e-15);
    // The tiers' selections add up to every customer and the whole lifetime value.
    let clv = r.clv.done().unwrap();
    let (mut customers, mut total) = (0, 0.0);
    for tier in clv.by_tier.keys() {
        let s = Selection::of(&a.customers, &Filter::Tier(tier.clone()));
        customers += s.customers;
        total += s.mean_clv.unwrap() * s.customers as f64;
        assert!(s.mean_p_alive.is_some_and(|p| (0.0..=1.0).contains(&p)));
    }
    assert_eq!(customers, a.customers.len());
    assert!((total - clv.total).abs() < 1e-6 * clv.total.abs().max(1.0));
    // A month no one first bought in picks no one.
    let none = Selection::of(&a.customers, &Filter::Cohort("1999-01".into()));
    assert_eq!((none.customers, none.spend, none.mean_clv), (0, 0.0, None));
}

#[test]
fn a_breakdown_spreads_a_selection_over_every_other_group() {
    let a = demo();
    let r = &a.report;
    // Each customer's groups are groups that pick them.
    for c in &a.customers {
        let groups = Filter::groups(c);
        assert!(groups.len() >= 5, "{}: {groups:?}", c.id);
        assert!(groups.iter().all(|g| g.matches(c)), "{}", c.id);
    }
    let clusters = r.clusters.done().unwrap();
    let clv = r.clv.done().unwrap();
    for p in &clusters.profiles {
        let cluster = Filter::Cluster(p.code.clone());
        let b = Breakdown::of(&a.customers, &cluster);
        // The cluster's customers, counted by segment, by cell, by tier and by cohort, are all of them.
        let by_segment: usize = r
            .rfm
            .summary
            .iter()
            .map(|s| b.count(&Filter::Segment(s.segment)))
            .sum();
        let by_tier: usize = clv
            .by_tier
            .keys()
            .map(|t| b.count(&Filter::Tier(t.clone())))
            .sum();
        let by_cohort: usize = r
            .cohorts
            .cohorts
            .iter()
            .map(|c| b.count(&Filter::Cohort(c.month.clone())))
            .sum();
        let by_cell: usize = (1..=5u8)
            .flat_map(|r| (1..=5u8).map(move |f| Filter::Cell { r, f }))
            .map(|cell| b.count(&cell))
            .sum();
        assert_eq!(
            [by_segment, by_tier, by_cohort, by_cell],
            [p.size; 4],
            "cluster {}",
            p.code
        );
        assert_eq!(b.count(&cluster), p.size);
        // Each count is the customers in both groups.
        for s in &r.rfm.summary {
            let both = a
                .customers
                .iter()
                .filter(|c| cluster.matches(c) && c.segment == s.segment)
                .count();
            assert_eq!(
                b.count(&Filter::Segment(s.segment)),
                both,
                "{} in {}",
                s.name,
                p.code
            );
        }
    }
    // A segment's customers fall in no other segment.
    let b = Breakdown::of(&a.customers, &Filter::Segment(Segment::Champions));
    assert_eq!(b.count(&Filter::Segment(Segment::Hibernating)), 0);
}

#[test]
fn groups_are_named_for_people() {
    assert_eq!(
        Filter::Cell { r: 5, f: 4 }.describe(None),
        "R 5 \u{d7} F 4 (Champions)"
    );
    assert_eq!(
        Filter::Cluster("2".into()).describe(Some("Big spenders")),
        "cluster 2 (Big spenders)"
    );
    assert_eq!(Filter::Cluster("3a".into()).describe(None), "cluster 3a");
    // A cohort's month matches whole months only: 2014-1 is not a prefix of 2014-11.
    let row = demo().customers.remove(0);
    let month = &row.first_purchase[..7];
    assert!(Filter::Cohort(month.into()).matches(&row));
    assert!(!Filter::Cohort(month[..6].into()).matches(&row));
}

#[test]
fn a_history_holds_the_orders_the_report_counts() {
    let bytes = std::fs::read("data/superstore_sample.csv").unwrap();
    let (a, table) =
        run_keeping_table(&bytes[..], &Request::default(), &mut |_, _| {}, &mut |_| {}).unwrap();
    let tx = table.expect("a file of transactions keeps its table");
    for c in a.customers.iter().step_by(37) {
        let h = history(&tx, &c.id).unwrap();
        assert!(h.lines <= MAX_LINES);
        assert_eq!(h.orders.len() as u32, c.frequency, "{}", c.id);
        let spend: f64 = h.orders.iter().map(|o| o.amount).sum();
        assert!(
            (spend - c.monetary).abs() < 1e-6,
            "{}: {spend} vs {}",
            c.id,
            c.monetary
        );
        // Newest first, from the last purchase back to the first.
        assert_eq!(h.orders[0].date, c.last_purchase);
        assert_eq!(h.orders.last().unwrap().date, c.first_purchase);
        assert!(h.orders.windows(2).all(|w| w[0].date >= w[1].date));
        let lines: usize = h.orders.iter().map(|o| o.lines.len()).sum();
        assert_eq!(lines, h.lines);
        // The demo names its products and counts units.
        let first = &h.orders[0].lines[0];
        assert!(first.product.as_deref().is_some_and(|p| !p.is_empty()));
        assert!(first.quantity.is_some_and(|q| q >= 1.0));
        assert!(first.file_line >= 2);
    }
    assert!(history(&tx, "no such customer").is_none());
}

/// A history line: product, quantity, file line.
type Line<'a> = (&'a str, f64, u64);

#[test]
fn a_history_of_hand_made_orders_reads_as_written() {
    let file = "Customer ID,Invoice,InvoiceDate,Description,Quantity,Sales
A,1,2020-01-01,Tea,2,10
B,2,2020-01-02,Cake,1,4
A,3,2020-01-05,Tea,1,5
A,3,2020-01-05,Jam,3,9
";
    let (_, table) = run_keeping_table(
        file.as_bytes(),
        &Request::default(),
        &mut |_, _| {},
        &mut |_| {},
    )
    .unwrap();
    let h = history(&table.unwrap(), "A").unwrap();
    assert_eq!(h.lines, 3);
    let orders: Vec<(&str, f64, Vec<Line>)> = h
        .orders
        .iter()
        .map(|o| {
            let lines = o
                .lines
                .iter()
                .map(|l| {
                    (
                        l.product.as_deref().unwrap(),
                        l.quantity.unwrap(),
                        l.file_line,
                    )
                })
                .collect();
            (o.date.as_str(), o.amount, lines)
        })
        .collect();
    assert_eq!(
        orders,
        vec![
            ("2020-01-05", 14.0, vec![("Tea", 1.0, 4), ("Jam", 3.0, 5)]),
            ("2020-01-01", 10.0, vec![("Tea", 2.0, 2)]),
        ]
    );
}
