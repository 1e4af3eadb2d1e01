//! `customer-lens analyze FILE [options]`: the same analysis as the browser app, for data teams and for
//! files too big for a tab.

mod args;
mod predict;

use std::process::ExitCode;

use args::{Analyze, Command};
use clap::Parser;

use customer_lens::charts::parameter;
use customer_lens::core::clv::outcome::ClvReport;
use customer_lens::core::clv::selftest;
use customer_lens::core::ingest::{FileSource, SetAside, MAX_CELL};
use customer_lens::core::pipeline::{run, Stage};
use customer_lens::core::report::export::{
    customers_csv, itemsets_csv, rules_csv, summary_rows, summary_values_csv,
};
use customer_lens::core::report::{Analysis, Input, Report, Section};
use customer_lens::core::settings;

/// Prints the self-test's table; success when every parameter agrees with the published one.
fn selftest() -> ExitCode {
    let t = match selftest::run() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("customer-lens: the self-test could not run: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Self-test on the CDNOW sample ({} customers, 39 weeks)",
        t.customers
    );
    println!(
        "{:<12} {:<15} {:>12} {:>12}  agrees",
        "model", "parameter", "ours", "published"
    );
    for c in &t.checks {
        println!(
            "{:<12} {:<15} {:>12.4} {:>12}  {}",
            c.model,
            c.parameter,
            c.ours,
            c.published,
            if c.agrees { "yes" } else { "NO" }
        );
    }
    println!("{}", selftest::SOURCES);
    if t.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn main() -> ExitCode {
    match Command::parse() {
        Command::Analyze(args) => analyze(&args),
        Command::Predict(args) => predict::main(&args),
        Command::Selftest => selftest(),
    }
}

/// Runs `analyze`: the summary or JSON on standard output, the tables to their files.
fn analyze(args: &Analyze) -> ExitCode {
    let request = args.request();
    if let Err(e) = settings::check(&request) {
        eprintln!("customer-lens: {e}");
        return ExitCode::from(2);
    }
    // Read as it is parsed: the file is never held in memory whole.
    let file = match FileSource::new(&args.file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("customer-lens: cannot read {}: {e}", args.file);
            return ExitCode::FAILURE;
        }
    };
    let start = std::time::Instant::now();
    let mut stage_start: Option<(Stage, f64)> = None;
    let mut lap = |stage: Option<Stage>| {
        let now = start.elapsed().as_secs_f64();
        if let Some((previous, since)) = stage_start {
            if args.timings && stage != Some(previous) {
                eprintln!("{:>7.3} s  {}", now - since, previous.label());
            }
        }
        match stage {
            Some(s) if stage_start.is_none_or(|(p, _)| p != s) => stage_start = Some((s, now)),
            _ => {}
        }
    };
    let outcome = run(&file, &request, &mut |stage, _| lap(Some(stage)));
    lap(None);
    if args.timings {
        eprintln!("{:>7.3} s  in all", start.elapsed().as_secs_f64());
    }
    let analysis = match outcome {
        Ok(a) => a,
        Err(e) => {
            eprintln!("customer-lens: {e}");
            return ExitCode::FAILURE;
        }
    };
    let r = &analysis.report;
    if let (Some(path), Some(c)) = (&args.fitted_out, r.clv.done()) {
        if let Err(e) = write_json(path, &c.fitted) {
            eprintln!("customer-lens: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let tables: [(&Option<String>, &dyn Fn() -> String); 3] = [
        (&args.customers_out, &|| match r.input {
            Input::Transactions => customers_csv(&analysis.customers),
            Input::Summary => summary_values_csv(&analysis.customers),
        }),
        (&args.rules_out, &|| {
            rules_csv(r.baskets.done().map_or(&[], |b| &b.rules[..]))
        }),
        (&args.itemsets_out, &|| {
            itemsets_csv(r.baskets.done().map_or(&[], |b| &b.itemsets[..]))
        }),
    ];
    for (path, table) in tables {
        if let Some(path) = path {
            if let Err(e) = std::fs::write(path, table()) {
                eprintln!("customer-lens: cannot write {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if args.json {
        // The report, and each customer's repeat-purchase summary in the form every peer reads.
        let json = serde_json::to_value(&analysis.report).map(|mut v| {
            v["summary"] = serde_json::json!(summary_rows(&analysis.customers));
            v
        });
        match json.and_then(|v| serde_json::to_string_pretty(&v)) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("customer-lens: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_summary(&analysis);
    }
    ExitCode::SUCCESS
}

/// Writes `value` as pretty JSON to `path`.
fn write_json(path: &str, value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

fn print_summary(analysis: &Analysis) {
    let r = &analysis.report;
    println!(
        "Rows read {}, used {}, set aside {}",
        r.rows.read,
        r.rows.used,
        r.rows.total_set_aside()
    );
    for reason in SetAside::ALL {
        if let Some(n) = r.rows.set_aside.get(&reason) {
            let lines: Vec<String> = r.rows.examples[&reason]
                .iter()
                .map(|e| e.line.to_string())
                .collect();
            println!(
                "  {:<32} {:>9}  (e.g. lines {})",
                reason.label(),
                n,
                lines.join(", ")
            );
        }
    }
    if r.rows.shortened.0 > 0 {
        println!(
            "  {} cells longer than {MAX_CELL} characters kept shortened (first on line {})",
            r.rows.shortened.0, r.rows.shortened.1
        );
    }
    if r.input == Input::Summary {
        println!(
            "A repeat-purchase summary of {} customers: lifetime value only",
            r.customers
        );
        if let Some(c) = done_or_say("Lifetime value", &r.clv) {
            print_clv(c);
        }
        return;
    }
    let k = &r.kpi;
    let customers = if r.source.orders_only {
        String::new()
    } else {
        format!("Customers {}, ", k.customers)
    };
    println!(
        "{customers}Orders {}, revenue {:.2}, average order {:.2}, {} to {}",
        k.orders, k.revenue, k.average_order_value, k.first_date, k.last_date
    );
    if let Some(p) = k.profit {
        println!("Profit {p:.2}");
    }
    println!("Analysis date {}", r.settings.analysis_date);
    if r.source.orders_only {
        println!("{ORDERS_ONLY}");
        print_rules(r);
        return;
    }
    if let Some(c) = done_or_say("Lifetime value", &r.clv) {
        print_clv(c);
    }
    if let Some(h) = r.clv.done().and_then(|c| c.holdout.as_ref()) {
        println!(
            "Holdout after {}: actual {:.0}, predicted {:.1} repeat purchases, MAE {:.3} per customer",
            h.calibration_end, h.actual, h.predicted, h.mae
        );
    }
    print_clusters(r);
    print_rules(r);
    print_network(r);
    print_segments(r);
}

/// What a file of orders without customers gets, and how to get the rest.
const ORDERS_ONLY: &str = "No column names the customer, so each order stands for its buyer: the key \
    figures, the months and the baskets are here; segments, lifetime value, clusters and the referral \
    network need a customer column (name it with --column customer=NAME).";

/// The section's value, once done; else prints why there is none after `what`.
fn done_or_say<'a, T, E: std::fmt::Display>(what: &str, s: &'a Section<T, E>) -> Option<&'a T> {
    if let Some(why) = s.why_not() {
        println!("{what}: {why}");
    }
    s.done()
}

fn print_clv(c: &ClvReport) {
    println!(
        "Lifetime value over {} ({}): total {:.2}",
        c.horizon,
        c.model.name(),
        c.total
    );
    for m in &c.models {
        let params: Vec<String> = m
            .params
            .iter()
            .map(|(k, v)| format!("{k} {}", parameter(*v)))
            .collect();
        let holdout = m
            .holdout_mae
            .map_or(String::new(), |e| format!("  holdout MAE {e:.3}"));
        println!(
            "  {:<11} {:<18} log-likelihood {:>12.2}  {}{holdout}",
            m.name,
            m.method.name(),
            m.log_likelihood,
            // "; " between parameters: a parameter's own digits are grouped with commas.
            params.join("; ")
        );
    }
    println!("  {}", c.choice);
    for line in c.diagnosis.iter().chain(&c.warnings) {
        println!("  note: {line}");
    }
    println!("  {}", c.intervals.sentence());
    println!("  {}", c.holdout_note);
}

fn print_segments(r: &Report) {
    println!(
        "{:<20} {:>9} {:>8} {:>9} {:>7} {:>10}",
        "segment", "customers", "revenue", "recency", "orders", "spend"
    );
    for s in r.rfm.summary.iter().filter(|s| s.customers > 0) {
        println!(
            "{:<20} {:>9} {:>7.1}% {:>9.1} {:>7.2} {:>10.2}",
            s.name,
            s.customers,
            s.revenue_share * 100.0,
            s.mean_recency,
            s.mean_frequency,
            s.mean_monetary
        );
    }
}

fn print_network(r: &Report) {
    let Some(n) = r.network.done() else {
        return;
    };
    println!(
        "Referral network: {} members, {} sponsored, {} at the top, {} levels deep",
        n.members, n.sponsored, n.roots, n.depth
    );
    for s in n.top_sponsors.iter().take(5) {
        println!(
            "  {:<16} direct {:>6}  downline {:>7}  downline revenue {:>12.2}",
            s.id, s.direct, s.downline, s.downline_revenue
        );
    }
    for (issue, what) in [
        (&n.missing_sponsors, "sponsors who never bought"),
        (&n.conflicting_sponsors, "customers naming two sponsors"),
        (&n.cycles, "members in a sponsor cycle"),
    ] {
        if issue.count > 0 {
            println!(
                "  data issue: {} {what} (e.g. {})",
                issue.count,
                issue.example_list()
            );
        }
    }
}

fn print_clusters(r: &Report) {
    let Some(found) = done_or_say("Clusters", &r.clusters) else {
        return;
    };
    let k = &found.kmeans;
    let features: Vec<String> = k
        .features
        .iter()
        .map(|s| format!("{}{}", s.label, if s.log { " (log)" } else { "" }))
        .collect();
    println!(
        "Clusters: k = {} (elbow suggests {}), on {}",
        k.k,
        k.suggested_k,
        features.join(", ")
    );
    for c in &found.profiles {
        println!(
            "  {:<4} {:<28} {:>7} customers, {:>5.1}% of revenue  {}",
            c.code,
            c.name,
            c.size,
            c.revenue_share * 100.0,
            c.action
        );
    }
    if let Some(f) = &found.classifier {
        println!(
            "  random forest: {:.1}% of {} held-out customers put in the right cluster",
            f.accuracy * 100.0,
            f.tested_on
        );
    }
    if let Some(m) = done_or_say("  migration", &found.migration) {
        let stayed: u64 = (0..m.states.len() - 1).map(|i| m.counts[i][i]).sum();
        let total: u64 = m.counts.iter().flatten().sum();
        println!(
            "  migration {} to {} -> {} to {}: {} of {} customers kept their cluster",
            m.first[0], m.first[1], m.second[0], m.second[1], stayed, total
        );
    }
}

fn print_rules(r: &Report) {
    let Some(b) = done_or_say("Market baskets", &r.baskets) else {
        return;
    };
    println!(
        "Market baskets by {}: {} baskets, {} items, {} frequent itemsets, {} rules (support >= {}, confidence >= {})",
        b.level.label(),
        b.baskets,
        b.items,
        b.itemsets.len(),
        b.rule_count,
        b.min_support,
        b.min_confidence
    );
    if let Some(n) = &b.note {
        println!("  note: {n}");
    }
    for rule in b.rules.iter().take(5) {
        println!(
            "  {} -> {}: support {:.3}, confidence {:.2}, lift {:.2}",
            rule.antecedents.join(" + "),
            rule.consequents.join(" + "),
            rule.support,
            rule.confidence,
            rule.lift
        );
    }
    let s = &b.single_item;
    println!(
        "  single-item buyers: {} ({:.1}%); if {:.0}% accept the offer, {:.2} more revenue ({:.2}%)",
        s.customers,
        s.share * 100.0,
        s.acceptance * 100.0,
        s.uplift,
        s.uplift_share * 100.0
    );
}
