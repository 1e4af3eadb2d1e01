//! Market baskets: itemsets and rules equal mlxtend's on a fixed set, the same through the whole pipeline,
//! planted pairs found with the lift they were made with, and the command's keys.

use customer_lens::core::basket::itemsets::frequent_itemsets;
use customer_lens::core::basket::rules::{rules, Rule};
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::report::export::{itemsets_csv, rules_csv};
use rand::{Rng, SeedableRng};

/// tests/data/rules_reference.json (made by tests/data/rules_reference.py with mlxtend 0.25.0).
fn reference() -> serde_json::Value {
    let text = std::fs::read_to_string("tests/data/rules_reference.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Antecedents, consequents, the measures in the fixture's order (`measures` there), conviction.
type RuleRow = (Vec<String>, Vec<String>, Vec<f64>, Option<f64>);

/// A rule's measures in mlxtend's column order.
fn measures<T>(r: &Rule<T>) -> Vec<f64> {
    vec![
        r.antecedent_support,
        r.consequent_support,
        r.support,
        r.confidence,
        r.lift,
        r.representativity,
        r.leverage,
        r.zhangs_metric,
        r.jaccard,
        r.certainty,
        r.kulczynski,
    ]
}

fn reference_rules(v: &serde_json::Value) -> Vec<RuleRow> {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let names = |x: &serde_json::Value| -> Vec<String> {
                serde_json::from_value(x.clone()).unwrap()
            };
            (
                names(&r[0]),
                names(&r[1]),
                serde_json::from_value(r[2].clone()).unwrap(),
                r[3].as_f64(),
            )
        })
        .collect()
}

fn assert_same_rules(mut got: Vec<RuleRow>, want: &[RuleRow]) {
    got.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((&g.0, &g.1), (&w.0, &w.1));
        assert_eq!(g.2.len(), w.2.len());
        for (x, y) in g.2.iter().zip(&w.2) {
            assert!((x - y).abs() < 1e-12, "{g:?} vs {w:?}");
        }
        match (g.3, w.3) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{g:?} vs {w:?}"),
            (x, y) => assert_eq!(x, y),
        }
    }
}

#[test]
fn itemsets_and_rules_equal_mlxtends() {
    let v = reference();
    let baskets: Vec<Vec<String>> = serde_json::from_value(v["baskets"].clone()).unwrap();
    let mut names: Vec<String> = baskets.iter().flatten().cloned().collect();
    names.sort();
    names.dedup();
    let code = |n: &String| names.iter().position(|m| m == n).unwrap() as u32;
    let coded: Vec<Vec<u32>> = baskets
        .iter()
        .map(|b| {
            let mut c: Vec<u32> = b.iter().map(code).collect();
            c.sort_unstable();
            c
        })
        .collect();
    let sets = frequent_itemsets(&coded, names.len(), 0.2, 3).itemsets;
    let mut got: Vec<(Vec<String>, f64)> = sets
        .iter()
        .map(|s| {
            let items = s.items.iter().map(|&i| names[i as usize].clone()).collect();
            (items, f64::from(s.count) / 20.0)
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let want: Vec<(Vec<String>, f64)> = serde_json::from_value(v["itemsets"].clone()).unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0);
        assert!((g.1 - w.1).abs() < 1e-12);
    }
    let named = |c: &[u32]| c.iter().map(|&i| names[i as usize].clone()).collect();
    let ours: Vec<RuleRow> = rules(&sets, 20, 0.5)
        .iter()
        .map(|r| {
            (
                named(&r.antecedents),
                named(&r.consequents),
                measures(r),
                r.conviction,
            )
        })
        .collect();
    assert_same_rules(ours, &reference_rules(&v));
}

#[test]
fn the_pipeline_reads_the_same_rules_from_a_transaction_file() {
    let v = reference();
    let baskets: Vec<Vec<String>> = serde_json::from_value(v["baskets"].clone()).unwrap();
    let mut csv = String::from("InvoiceNo,CustomerID,InvoiceDate,StockCode,Quantity,UnitPrice\n");
    for (i, b) in baskets.iter().enumerate() {
        for item in b {
            csv.push_str(&format!(
                "{},{},2024-01-{:02},{item},1,2.5\n",
                1000 + i,
                1 + i % 7,
                1 + i
            ));
        }
    }
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.min_support = Some(0.2);
    request.basket.min_confidence = Some(0.5);
    let a = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    let b = a.report.baskets.done().unwrap();
    assert_eq!(b.itemsets.len(), v["itemsets"].as_array().unwrap().len());
    let rules = &b.rules;
    assert!(
        rules.windows(2).all(|w| w[0].lift >= w[1].lift),
        "sorted by lift"
    );
    let got: Vec<RuleRow> = rules
        .iter()
        .map(|r| {
            let sorted = |v: &Vec<String>| {
                let mut v = v.clone();
                v.sort();
                v
            };
            (
                sorted(&r.antecedents),
                sorted(&r.consequents),
                measures(r),
                r.conviction,
            )
        })
        .collect();
    assert_same_rules(got, &reference_rules(&v));
    // Every rule and itemset downloads, one line each; every rule has its improvement.
    assert!(rules.iter().all(|r| r.improvement.is_finite()));
    assert_eq!(rules_csv(rules).lines().count(), rules.len() + 1);
    let sets = &b.itemsets;
    assert_eq!(itemsets_csv(sets).lines().count(), sets.len() + 1);
    assert!(sets.windows(2).all(|w| w[0].count >= w[1].count));
    // Each customer's offers come from rules their history triggers, never from what they bought.
    assert_eq!(b.baskets, 20);
    assert!(a.customers.iter().all(|c| c.recommended_products.is_some()));
}

#[test]
fn a_planted_pair_is_found_with_the_lift_it_was_made_with() {
    // 20,000 baskets of 1 to 4 items drawn from 100; in 10 % of them items 7 and 42 are added together.
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let baskets: Vec<Vec<u32>> = (0..20_000)
        .map(|_| {
            let mut b: Vec<u32> = (0..rng.gen_range(1..=4))
                .map(|_| rng.gen_range(0..100))
                .collect();
            if rng.gen::<f64>() < 0.1 {
                b.extend([7, 42]);
            }
            b.sort_unstable();
            b.dedup();
            b
        })
        .collect();
    let sets = frequent_itemsets(&baskets, 100, 0.01, 2).itemsets;
    let found = rules(&sets, baskets.len(), 0.3);
    let top = &found[0];
    assert!(
        (top.antecedents == [7] && top.consequents == [42])
            || (top.antecedents == [42] && top.consequents == [7]),
        "{top:?}"
    );
    // Lift from the counts, worked out here independently.
    let n = baskets.len() as f64;
    let has = |i: u32| baskets.iter().filter(|b| b.contains(&i)).count() as f64 / n;
    let both = baskets
        .iter()
        .filter(|b| b.contains(&7) && b.contains(&42))
        .count() as f64
        / n;
    assert!((top.lift - both / (has(7) * has(42))).abs() < 1e-9);
    // And from the generator: P(item) = 0.1 + 0.9 q with q = 1 - E[(99/100)^k] for k uniform on 1..4,
    // P(both) ~ 0.1 + 0.9 q^2, so the lift is near 6.7.
    let q = 1.0 - (1..=4).map(|k| 0.99f64.powi(k)).sum::<f64>() / 4.0;
    let (p, pp) = (0.1 + 0.9 * q, 0.1 + 0.9 * q * q);
    assert!(
        (top.lift / (pp / (p * p)) - 1.0).abs() < 0.05,
        "lift {} vs {}",
        top.lift,
        pp / (p * p)
    );
    assert!(found[1..]
        .iter()
        .all(|r| r.lift < 2.0 || r.antecedents.contains(&7) || r.antecedents.contains(&42)));
}

#[test]
fn the_factor_model_beats_popularity_on_planted_tastes() {
    // 2,000 customers in 4 taste groups; each group buys 4 to 8 orders of 1 to 3 items from its own 25 of
    // 100 items, with a few popular items bought by everyone now and then.
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let mut baskets: Vec<(usize, Vec<u32>)> = Vec::new();
    for c in 0..2_000usize {
        let group = (c % 4) as u32;
        for _ in 0..rng.gen_range(4..=8) {
            let mut items: Vec<u32> = (0..rng.gen_range(1..=3))
                .map(|_| {
                    if rng.gen::<f64>() < 0.15 {
                        rng.gen_range(0..3)
                    } else {
                        group * 25 + rng.gen_range(0..25)
                    }
                })
                .collect();
            items.sort_unstable();
            items.dedup();
            baskets.push((c, items));
        }
    }
    // Interleave customers' orders as dates would.
    baskets.sort_by_key(|(c, _)| *c % 7);
    let e = customer_lens::core::basket::recommend::evaluate(&baskets, 2_000, 100, 3).unwrap();
    assert_eq!(e.customers, 2_000);
    assert!(
        e.als.recall > 1.5 * e.popularity.recall && e.als.hit_rate > e.popularity.hit_rate,
        "{e:?}"
    );
}

/// Orders of `lines` distinct products each, all holding the same products.
fn big_orders(orders: usize, lines: usize) -> String {
    let mut s = String::from("Invoice,Customer ID,InvoiceDate,StockCode,Quantity,Price\n");
    for o in 0..orders {
        for p in 0..lines {
            s += &format!("{o},{},2024-01-{:02},P{p},1,2.5\n", 100 + o % 7, 1 + o % 28);
        }
    }
    s
}

#[test]
fn one_large_order_gives_a_sentence_not_an_explosion() {
    // Every itemset of one 300-line order has support 1; seen in one basket only, none is frequent.
    let a = run(
        big_orders(1, 300).as_bytes(),
        &Request::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let report = a.report.baskets.done().expect("the basket section runs");
    assert_eq!(report.rules.len(), 0);
    assert!(
        report
            .note
            .as_deref()
            .unwrap()
            .contains("at least 2 of them"),
        "{:?}",
        report.note
    );
}

#[test]
fn a_level_too_large_to_hold_ends_the_search_with_the_smaller_itemsets() {
    // 30 identical orders of 120 products: every pair (7,140) and triple (280,840) is frequent.
    let a = run(
        big_orders(30, 120).as_bytes(),
        &Request::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let report = a.report.baskets.done().expect("the basket section runs");
    assert_eq!(
        report.itemsets.len(),
        120 + 7_140,
        "singles and pairs, no triple"
    );
    assert!(
        report
            .note
            .as_deref()
            .unwrap()
            .contains("3 or more items were not searched"),
        "{:?}",
        report.note
    );
    assert!(report.rule_count > 0);
}

/// 6,000 orders of two items drawn from 100, with 12 planted pairs each bought together in 0.3 % of the
/// orders (18 orders: confidence about 13 %, lift about 6); a random pair is in about one order.
fn sparse_orders() -> String {
    let mut rng = rand::rngs::StdRng::seed_from_u64(14);
    let mut csv = String::from("InvoiceNo,CustomerID,InvoiceDate,StockCode,Quantity,UnitPrice\n");
    for i in 0..6_000u32 {
        let items: Vec<u32> = if i < 12 * 18 {
            let k = i % 12;
            vec![2 * k, 2 * k + 1]
        } else {
            let a = rng.gen_range(0..100);
            let b = (a + rng.gen_range(1..100)) % 100;
            vec![a, b]
        };
        for item in items {
            csv.push_str(&format!(
                "{},{},2024-01-{:02},P{item},1,2.5\n",
                10_000 + i,
                i % 900,
                1 + i % 28
            ));
        }
    }
    csv
}

#[test]
fn thresholds_not_set_are_chosen_from_the_data_and_bundles_have_lift_above_one() {
    let csv = sparse_orders();
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    let a = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    let b = a.report.baskets.done().unwrap();
    // At 1 % or 0.5 % no planted pair is frequent, at 20 % none is confident: support 0.2 %, confidence 10 %.
    assert_eq!((b.min_support, b.min_confidence), (0.002, 0.1));
    let rules = &b.rules;
    let planted = |r: &&Rule<String>| {
        let code = |s: &String| s[1..].parse::<u32>().unwrap() / 2;
        r.antecedents.len() == 1 && code(&r.antecedents[0]) == code(&r.consequents[0])
    };
    assert_eq!(
        rules.iter().filter(planted).count(),
        24,
        "both directions of the 12 pairs"
    );
    assert!(rules.iter().filter(planted).all(|r| r.lift > 2.0));
    let note = b.note.as_deref().unwrap();
    assert!(
        note.contains("Thresholds chosen from the data: support 0.20 %, confidence 10 %"),
        "{note}"
    );
    assert!(!b.bundles.is_empty() && b.bundles.iter().all(|x| x.lift > 1.0));

    // Thresholds set are used as they are: here they find nothing, and say no more about the choice.
    request.basket.min_support = Some(0.01);
    request.basket.min_confidence = Some(0.2);
    let a = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    let b = a.report.baskets.done().unwrap();
    assert_eq!(
        (b.min_support, b.min_confidence, b.rule_count),
        (0.01, 0.2, 0)
    );
    assert!(b.bundles.is_empty());
    assert!(!b
        .note
        .as_deref()
        .unwrap_or("")
        .contains("chosen from the data"));
}

#[test]
fn a_file_of_orders_without_customers_gets_its_baskets_and_no_customer_models() {
    // The Bread Basket's shape: Date, Time, Transaction, Item, no customer. Every third order pairs
    // Coffee with Toast; the others hold Bread and one of three items.
    let mut csv = String::from("Date,Time,Transaction,Item\n");
    for t in 0..300 {
        let day = format!("2017-0{}-{:02}", 1 + t / 100, 1 + t % 28);
        let items: &[&str] = if t % 3 == 0 {
            &["Coffee", "Toast"]
        } else {
            &["Bread", ["Tea", "Cake", "Jam"][t % 3 - 1 + (t / 3) % 2]]
        };
        for item in items {
            csv.push_str(&format!("{day},09:{:02}:00,{t},{item}\n", t % 60));
        }
    }
    let a = run(csv.as_bytes(), &Request::default(), &mut |_, _| {}).unwrap();
    let r = &a.report;
    assert!(r.source.orders_only);
    assert_eq!(r.kpi.rows_read, 600);
    assert_eq!((r.kpi.orders, r.kpi.rows_used), (300, 600));
    for off in [r.clv.why_not(), r.clusters.why_not(), r.network.why_not()] {
        assert_eq!(off.as_deref(), Some("Switched off for this run."));
    }
    let b = r.baskets.done().expect("baskets");
    assert_eq!(b.baskets, 300);
    let top = &b.rules[0];
    // Coffee and Toast always come together: confidence 1, lift 300 / 100 = 3.
    assert_eq!(top.antecedents.len() + top.consequents.len(), 2);
    assert!(["Coffee", "Toast"].contains(&top.antecedents[0].as_str()));
    assert!((top.confidence - 1.0).abs() < 1e-12 && (top.lift - 3.0).abs() < 1e-12);
}
