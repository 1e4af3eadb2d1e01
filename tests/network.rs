//! The referral network: a complete ternary tree worked out by hand, a generated random tree checked
//! against a second count (walking up from every member), the data issues, and the command's JSON and
//! export.

use std::collections::HashMap;
use std::fmt::Write;
use std::process::Command;

use customer_lens::core::network::{Issue, NetworkError};
use customer_lens::core::pipeline::{run, Request};
use customer_lens::core::report::export::customers_csv;
use customer_lens::core::report::Analysis;

fn analyze(csv: &str) -> Analysis {
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap()
}

/// An issue's examples as the dashboard shows them.
fn named(issue: &Issue) -> Vec<String> {
    issue.examples.iter().map(ToString::to_string).collect()
}

/// One purchase of `amount` per (member, sponsor) pair.
fn file(members: &[(String, String, f64)]) -> String {
    let mut csv = String::from("Member ID,Sponsor ID,Date,Amount\n");
    for (i, (m, s, amount)) in members.iter().enumerate() {
        let day = 1 + i % 28;
        writeln!(csv, "{m},{s},2024-03-{day:02},{amount}").unwrap();
    }
    csv
}

/// R; R1..R3; R11..R33; R111..R333: 1 + 3 + 9 + 27 members, each spending 10.
fn ternary() -> Vec<(String, String, f64)> {
    let mut out = vec![("R".to_string(), String::new(), 10.0)];
    let mut level = vec!["R".to_string()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for parent in &level {
            for k in 1..=3 {
                let id = format!("{parent}{k}");
                out.push((id.clone(), parent.clone(), 10.0));
                next.push(id);
            }
        }
        level = next;
    }
    out
}

#[test]
fn a_ternary_tree_worked_out_by_hand() {
    let a = analyze(&file(&ternary()));
    let n = a.report.network.done().unwrap();
    assert_eq!((n.members, n.sponsored, n.roots, n.depth), (40, 39, 1, 3));
    assert_eq!(n.by_depth, [1, 3, 9, 27]);
    let top = &n.top_sponsors[0];
    assert_eq!(
        (top.id.as_str(), top.direct, top.second_degree, top.downline),
        ("R", 3, 9, 39)
    );
    assert_eq!(top.downline_revenue, 390.0);
    // The next three are R1..R3 (downline 3 + 9 = 12 each), ties in id order.
    let next: Vec<(&str, u32, Option<&str>)> = n.top_sponsors[1..4]
        .iter()
        .map(|s| (s.id.as_str(), s.downline, s.sponsor.as_deref()))
        .collect();
    assert_eq!(
        next,
        [
            ("R1", 12, Some("R")),
            ("R2", 12, Some("R")),
            ("R3", 12, Some("R"))
        ]
    );
    // Only the 13 members with recruits are sponsors.
    assert_eq!(n.top_sponsors.len(), 13);
    assert_eq!(n.missing_sponsors.count + n.cycles.count, 0);
    let row = |id: &str| a.customers.iter().find(|c| c.id == id).unwrap();
    assert_eq!(
        (row("R12").direct_referrals, row("R12").downline_size),
        (Some(3), Some(3))
    );
    assert_eq!(row("R123").sponsor.as_deref(), Some("R12"));
    assert_eq!(row("R").sponsor, None);
}

/// A random forest of `n` members: member i's sponsor is an earlier member (or none, now and then).
fn random_tree(n: usize, seed: u64) -> Vec<(String, String, f64)> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    (0..n)
        .map(|i| {
            let r = next();
            let sponsor = if i == 0 || r % 50 == 0 {
                String::new()
            } else {
                // Favour recent members a little, so chains get deep.
                let back = 1 + (next() as usize % i.min(40));
                format!("M{}", i - back)
            };
            (format!("M{i}"), sponsor, 5.0 + (r % 100) as f64)
        })
        .collect()
}

#[test]
fn a_generated_tree_matches_a_count_made_by_walking_up() {
    let members = random_tree(2_000, 7);
    let a = analyze(&file(&members));
    let sponsor: HashMap<&str, &str> = members
        .iter()
        .filter(|m| !m.1.is_empty())
        .map(|m| (m.0.as_str(), m.1.as_str()))
        .collect();
    let spend: HashMap<&str, f64> = members.iter().map(|m| (m.0.as_str(), m.2)).collect();
    // Second count: every member adds one (and its spend) to each ancestor.
    let mut downline: HashMap<&str, u32> = HashMap::new();
    let mut revenue: HashMap<&str, f64> = HashMap::new();
    let mut deepest = 0;
    for m in &members {
        let (mut at, mut depth) = (m.0.as_str(), 0);
        while let Some(&up) = sponsor.get(at) {
            *downline.entry(up).or_default() += 1;
            *revenue.entry(up).or_default() += spend[m.0.as_str()];
            at = up;
            depth += 1;
        }
        deepest = deepest.max(depth);
    }
    for c in &a.customers {
        assert_eq!(
            c.downline_size.unwrap(),
            downline.get(c.id.as_str()).copied().unwrap_or(0),
            "{}",
            c.id
        );
    }
    let n = a.report.network.done().unwrap();
    assert_eq!(n.depth, deepest);
    assert_eq!(n.roots, members.iter().filter(|m| m.1.is_empty()).count());
    let mut by_revenue: Vec<(&str, f64)> = revenue.iter().map(|(k, v)| (*k, *v)).collect();
    by_revenue.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top = &n.top_by_revenue[0];
    assert_eq!(top.id, by_revenue[0].0);
    assert!((top.downline_revenue - by_revenue[0].1).abs() < 1e-6);
    let mut by_downline: Vec<u32> = downline.values().copied().collect();
    by_downline.sort_unstable_by(|a, b| b.cmp(a));
    let ours: Vec<u32> = n.top_sponsors.iter().map(|s| s.downline).collect();
    assert_eq!(ours, by_downline[..ours.len()]);
}

#[test]
fn missing_sponsors_cycles_and_two_sponsors_are_reported() {
    let rows = [
        ("A", "", 1.0),
        ("B", "A", 1.0),
        ("C", "X9", 1.0), // X9 never bought
        ("D", "X9", 1.0),
        ("E", "F", 1.0), // E and F sponsor each other
        ("F", "E", 1.0),
        ("G", "G", 1.0), // names itself
        ("H", "A", 1.0),
        ("H", "B", 1.0), // a second sponsor: the first (A) is used
        ("I", "NULL", 1.0),
    ];
    let members: Vec<(String, String, f64)> = rows
        .iter()
        .map(|(m, s, v)| (m.to_string(), s.to_string(), *v))
        .collect();
    let a = analyze(&file(&members));
    let n = a.report.network.done().unwrap();
    // Each example names the file line that shows it (the header is line 1, A is line 2).
    assert_eq!(n.missing_sponsors.count, 1);
    assert_eq!(named(&n.missing_sponsors), ["X9 on line 4"]);
    assert_eq!(n.cycles.count, 3);
    assert_eq!(
        named(&n.cycles),
        ["E on line 6", "F on line 7", "G on line 8"]
    );
    assert_eq!(named(&n.conflicting_sponsors), ["H on line 10"]);
    // Members: A..I and X9. Roots: A, X9, I, and E, F, G whose cycle links are dropped.
    assert_eq!((n.members, n.roots), (10, 6));
    let x9 = n.top_sponsors.iter().find(|s| s.id == "X9").unwrap();
    assert_eq!((x9.direct, x9.downline, x9.own_revenue), (2, 2, 0.0));
    let a_row = n.top_sponsors.iter().find(|s| s.id == "A").unwrap();
    assert_eq!((a_row.direct, a_row.downline), (2, 2));
    assert!(n
        .top_sponsors
        .iter()
        .all(|s| !["E", "F", "G"].contains(&s.id.as_str())));
}

#[test]
fn issue_lines_are_file_lines_after_rows_are_set_aside_or_filtered_out() {
    // Line 3 has an unreadable date and line 4 falls before the period: both are set aside after the
    // pass, so the used lines move up, but the examples keep their own file lines.
    let csv = "Member,Sponsor,Date,Amount\n\
               A,,2024-03-01,1\n\
               B,A,2024-02-30,1\n\
               C,A,2024-01-01,1\n\
               D,X9,2024-03-02,1\n\
               D,A,2024-03-03,1\n";
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    request.period_start = "2024-02-01".parse().ok();
    let a = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    assert_eq!(a.report.rows.total_set_aside(), 2);
    let n = a.report.network.done().unwrap();
    assert_eq!(named(&n.missing_sponsors), ["X9 on line 5"]);
    assert_eq!(named(&n.conflicting_sponsors), ["D on line 6"]);
}

#[test]
fn a_file_without_a_sponsor_column_says_so() {
    let a = analyze("Customer,Date,Amount\nA,2024-01-01,5\nB,2024-01-02,6\n");
    let error = a.report.network.failed().unwrap();
    assert_eq!(error, &NetworkError::NoSponsorColumn);
    assert!(error.to_string().contains("no sponsor column"));
    assert!(customers_csv(&a.customers)
        .lines()
        .nth(1)
        .unwrap()
        .ends_with(",,,"));
}

#[test]
fn the_command_prints_the_network_and_exports_the_downline() {
    let dir = std::env::temp_dir().join(format!("customer-lens-network-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("members.csv");
    std::fs::write(&input, file(&ternary())).unwrap();
    let out_file = dir.join("customers.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_customer-lens"))
        .arg("analyze")
        .arg(&input)
        .args(["--json", "--no-clusters", "--no-baskets", "--customers-out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["network"]["done"]["members"], 40);
    let top = &v["network"]["done"]["top_sponsors"][0];
    assert_eq!(
        (&top["id"], &top["direct"], &top["downline"]),
        (&"R".into(), &3.into(), &39.into())
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let r1 = csv.lines().find(|l| l.starts_with("R1,")).unwrap();
    let cells: Vec<&str> = r1.split(',').collect();
    assert_eq!(cells[col("sponsor_id")], "R");
    assert_eq!(cells[col("direct_referrals")], "3");
    assert_eq!(cells[col("downline_size")], "12");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_generated_referral_demo_reads_cleanly_and_shows_one_data_issue() {
    use customer_lens::core::network::sample::members_csv;
    let csv = members_csv(1_500, 1);
    assert_eq!(csv, members_csv(1_500, 1), "the same for the same seed");
    let a = analyze(&csv);
    assert_eq!(a.report.rows.total_set_aside(), 0);
    assert_eq!(a.report.customers, 1_500);
    let n = a.report.network.done().unwrap();
    // Five founders and the sponsor who never bought are the tops of the trees.
    assert_eq!((n.members, n.roots), (1_501, 6));
    let first = csv.lines().position(|l| l.contains(",M9999,")).unwrap() + 1;
    assert_eq!(
        named(&n.missing_sponsors),
        [format!("M9999 on line {first}")]
    );
    assert_eq!(n.cycles.count + n.conflicting_sponsors.count, 0);
    assert!(n.depth >= 4 && n.top_sponsors[0].direct >= 10, "{n:?}");
}

#[test]
fn the_clusters_read_the_referrals_the_network_counted() {
    use customer_lens::core::clusters::features::Feature;
    let mut request = Request::default();
    request.clv.enabled = false;
    request.basket.enabled = false;
    request.clusters.features = vec![Feature::Referrals, Feature::Recency];
    let csv = file(&random_tree(600, 3));
    let a = run(csv.as_bytes(), &request, &mut |_, _| {}).unwrap();
    let clusters = a
        .report
        .clusters
        .done()
        .unwrap_or_else(|| panic!("{:?}", a.report.clusters));
    let mut checked = 0;
    for p in &clusters.profiles {
        let members: Vec<f64> = a
            .customers
            .iter()
            .filter(|c| c.cluster.as_deref() == Some(p.code.as_str()))
            .map(|c| f64::from(c.direct_referrals.unwrap()))
            .collect();
        let mean = members.iter().sum::<f64>() / members.len() as f64;
        let got = p.means[&Feature::Referrals];
        assert!((got - mean).abs() < 1e-9, "{}: {got} vs {mean}", p.code);
        checked += members.len();
    }
    assert_eq!(checked, a.customers.len());
    assert!(a.customers.iter().any(|c| c.direct_referrals > Some(0)));
    // The migration's periods count their own network's referrals.
    let migration = clusters.migration.done().expect("a migration");
    assert!(
        migration.counts.iter().flatten().sum::<u64>() > 0,
        "{migration:?}"
    );
}
