//! `customer-lens analyze FILE [options]`: the same analysis as the browser app, for data teams and for
//! files too big for a tab.

mod predict;

use std::process::ExitCode;

use customer_lens::charts::parameter;
use customer_lens::core::basket::baskets::Level;
use customer_lens::core::clusters::Split;
use customer_lens::core::clv::calibration::Calibration;
use customer_lens::core::clv::horizon::TimeUnit;
use customer_lens::core::clv::horizon::{Horizon, PurchasePeriod};
use customer_lens::core::clv::model::ModelKind;
use customer_lens::core::clv::outcome::ClvReport;
use customer_lens::core::clv::selftest;
use customer_lens::core::ingest::{DateOrder, FileSource, SetAside, MAX_CELL};
use customer_lens::core::pipeline::{run, Request, Stage};
use customer_lens::core::report::export::{
    customers_csv, itemsets_csv, rules_csv, summary_rows, summary_values_csv,
};
use customer_lens::core::report::{Analysis, Input, Report, Section};
use customer_lens::core::seed::Seed;
use customer_lens::core::settings::{self, DateSetting::*};
use customer_lens::core::table::{Day, Role};

const USAGE: &str =
    "usage: customer-lens analyze FILE [--observation-end YYYY-MM-DD] [--time-unit days|weeks]
                              [--period-start YYYY-MM-DD] [--date-order auto|day-first|month-first]
                              [--header|--no-header] [--column ROLE=NAME ...]
                              [--horizon N UNIT] [--discount-rate R] [--month-days D]
                              [--spend-per-purchase V] [--purchase-period day|week|month]
                              [--calibration-end auto|none|YYYY-MM-DD] [--fitted-out FILE.json]
                              [--summary]
                              [--model bgnbd|pareto-nbd|mbgnbd] [--no-clv] [--clusters K]
                              [--split-cluster C:N] [--migration-boundary YYYY-MM-DD] [--no-clusters]
                              [--basket-level product|description|sub-category|category]
                              [--min-support S] [--min-confidence C] [--max-itemset N] [--no-baskets] [--seed N]
                              [--json] [--customers-out FILE.csv] [--rules-out FILE.csv]
                              [--itemsets-out FILE.csv] [--timings]

  --observation-end   the analysis date (default: the day after the last purchase)
  --period-start      use purchases from this date on only (default: the first purchase)
  --column            the column of a role by its header, e.g. customer=\"Customer Name\" (repeatable;
                      roles: customer, order, date, amount, quantity, unit-price, product, description,
                      category, sub-category, country, region, profit, shipping-cost, ship-mode, discount,
                      store, sponsor, basket)
  --time-unit         the time unit of the models (default: days)
  --date-order        how to read dates like 03/04/2011 (default: decided from the values)
  --horizon           how far ahead purchases, spend and value are forecast, in days, weeks or months,
                      such as \"39 weeks\" or 6m, up to 20 years (default: 12 months)
  --discount-rate     monthly discount rate of lifetime value, 0 to 0.5 (default: 0.01)
  --month-days        days in the month value is discounted by, 28 to 31 (default: lifetimes' 30 days,
                      or 4.345 weeks when the time unit is weeks)
  --spend-per-purchase  value every purchase at this amount instead of Gamma-Gamma's estimate
  --purchase-period   count purchases by day, calendar week or calendar month (default: day); purchases
                      in one period merge into one, as lifetimes' freq and pymc-marketing's time_unit do
  --fitted-out        write every fitted model and the settings of its values as JSON, for predict
  --summary           read FILE as a repeat-purchase summary (customer_id, frequency, recency, T,
                      monetary_value, as lifetimes writes them; found from the header without this flag)
                      and fit the lifetime-value models on it
  --calibration-end   fit the models up to this date and compare their forecasts with what happened after
                      (default auto: half the data, at most a year, is held out when they span a year)
  --model             the purchase model to use (default: the best by holdout error, else by likelihood)
  --no-clv            skip the lifetime-value models (a quick look at a very large file)
  --clusters          the number of behavioural clusters, 2 to 9 (default: the elbow of the inertia curve)
  --split-cluster     split cluster C (1-based) again into N (2 to 5) sub-clusters, e.g. 2:3
  --migration-boundary  the first day of the second period customers migrate to (default: mid-data)
  --no-clusters       skip the behavioural clusters
  --basket-level      what counts as an item in a basket (default: the finest level the file has)
  --min-support       minimum share of baskets holding an itemset, above 0 to 1 (default: chosen from the
                      data, the highest of 0.01, 0.005, 0.002, 0.001, 0.0005 giving 10 rules)
  --min-confidence    minimum confidence of an association rule, 0 to 1 (default: chosen from the data,
                      the highest of 0.2, 0.1, 0.05 giving 10 rules)
  --max-itemset       largest itemset, 2 to 10 items (default: 3)
  --no-baskets        skip the market baskets
  --seed              the seed of every random draw (K-Means starts, the forest, interval draws, the
                      offers' factor model), a whole number (default: 42)
  --json              print one JSON object instead of the text summary
  --customers-out     write the customer table (one row per customer) as CSV
  --rules-out         write every association rule with every measure as CSV
  --itemsets-out      write every frequent itemset with its support and count as CSV
  --timings           print the seconds each stage took to standard error

       customer-lens predict --fitted FILE.json HISTORIES.csv [--horizon N UNIT] [--purchases N]
  for each history (columns frequency, recency, T, optionally customer_id and monetary_value) and each
  fitted model: P(alive), expected purchases, P(exactly n purchases) for n = 0..N (default 5), expected
  spend and CLV over the horizon (default: the analysis's), as CSV on standard output

       customer-lens selftest
  fits BG/NBD, Pareto/NBD and Gamma-Gamma on the CDNOW sample built in and sets each parameter beside the
  published one (exit status 1 if any differs)";

struct Args {
    file: String,
    request: Request,
    fitted_out: Option<String>,
    json: bool,
    customers_out: Option<String>,
    rules_out: Option<String>,
    itemsets_out: Option<String>,
    timings: bool,
}

/// The date given for `setting`, refused in the page's words when it is not one.
fn date(setting: settings::DateSetting, text: &str) -> Result<Option<Day>, String> {
    settings::date(setting, text).map_err(|e| e.to_string())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("analyze") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command '{other}'")),
    }
    let mut file = None;
    let mut request = Request::default();
    let (mut json, mut customers_out, mut timings) = (false, None, false);
    let (mut rules_out, mut itemsets_out) = (None, None);
    let mut fitted_out = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--observation-end" => request.analysis_date = date(AnalysisDate, &value(&arg)?)?,
            "--period-start" => request.period_start = date(PeriodStart, &value(&arg)?)?,
            "--time-unit" => {
                request.time_unit = match value(&arg)?.as_str() {
                    "days" => TimeUnit::Days,
                    "weeks" => TimeUnit::Weeks,
                    other => return Err(format!("--time-unit takes days or weeks, not '{other}'")),
                }
            }
            "--date-order" => {
                request.read.date_order = match value(&arg)?.as_str() {
                    "auto" => DateOrder::Auto,
                    "day-first" => DateOrder::DayFirst,
                    "month-first" => DateOrder::MonthFirst,
                    other => {
                        return Err(format!(
                            "--date-order takes auto, day-first or month-first, not '{other}'"
                        ))
                    }
                }
            }
            "--horizon" => {
                request.clv.horizon = value(&arg)?.parse().map_err(|e| format!("--horizon: {e}"))?
            }
            "--horizon-months" => {
                let months: f64 = value(&arg)?
                    .parse()
                    .map_err(|_| "--horizon-months takes a number of months".to_string())?;
                request.clv.horizon = Horizon::months(months)
            }
            "--month-days" => {
                request.clv.month_days = Some(
                    value(&arg)?
                        .parse()
                        .map_err(|_| "--month-days takes a number of days such as 30".to_string())?,
                )
            }
            "--spend-per-purchase" => {
                request.clv.spend_per_purchase = Some(
                    value(&arg)?
                        .parse()
                        .map_err(|_| "--spend-per-purchase takes an amount such as 25".to_string())?,
                )
            }
            "--purchase-period" => {
                request.clv.period = match value(&arg)?.as_str() {
                    "day" => PurchasePeriod::Day,
                    "week" => PurchasePeriod::Week,
                    "month" => PurchasePeriod::Month,
                    other => {
                        return Err(format!(
                            "--purchase-period takes day, week or month, not '{other}'"
                        ))
                    }
                }
            }
            "--fitted-out" => fitted_out = Some(value(&arg)?),
            "--summary" => request.summary = true,
            "--discount-rate" => {
                request.clv.discount_rate = value(&arg)?
                    .parse()
                    .map_err(|_| "--discount-rate takes a number such as 0.01".to_string())?
            }
            "--calibration-end" => {
                request.clv.calibration = match value(&arg)?.as_str() {
                    "auto" => Calibration::Auto,
                    "none" => Calibration::Off,
                    day => date(CalibrationEnd, day)?.map_or(Calibration::Auto, Calibration::Until),
                }
            }
            "--model" => {
                request.clv.model = Some(match value(&arg)?.as_str() {
                    "bgnbd" => ModelKind::Bgnbd,
                    "pareto-nbd" => ModelKind::ParetoNbd,
                    "mbgnbd" => ModelKind::Mbgnbd,
                    other => {
                        return Err(format!(
                            "--model takes bgnbd, pareto-nbd or mbgnbd, not '{other}'"
                        ))
                    }
                })
            }
            "--no-clv" => request.clv.enabled = false,
            "--clusters" => {
                let k = value(&arg)?
                    .parse()
                    .map_err(|_| "--clusters takes a whole number from 2 to 9".to_string())?;
                request.clusters.k = Some(k);
            }
            "--split-cluster" => {
                let text = value(&arg)?;
                let parsed = text
                    .split_once(':')
                    .and_then(|(c, n)| Some((c.parse::<usize>().ok()?, n.parse::<usize>().ok()?)));
                match parsed {
                    Some((cluster, into)) if cluster >= 1 => {
                        request.clusters.split = Some(Split {
                            cluster: cluster - 1,
                            into,
                        })
                    }
                    _ => {
                        return Err(format!(
                            "--split-cluster takes CLUSTER:PARTS such as 2:3, not '{text}'"
                        ))
                    }
                }
            }
            "--migration-boundary" => {
                request.clusters.migration_boundary = date(MigrationBoundary, &value(&arg)?)?
            }
            "--no-clusters" => request.clusters.enabled = false,
            "--basket-level" => {
                request.basket.level = Some(match value(&arg)?.as_str() {
                    "product" => Level::Product,
                    "description" => Level::Description,
                    "sub-category" => Level::SubCategory,
                    "category" => Level::Category,
                    other => {
                        return Err(format!(
                            "--basket-level takes product, description, sub-category or category, not '{other}'"
                        ))
                    }
                })
            }
            "--min-support" => {
                request.basket.min_support = Some(
                    value(&arg)?
                        .parse()
                        .map_err(|_| "--min-support takes a share such as 0.01".to_string())?,
                )
            }
            "--min-confidence" => {
                request.basket.min_confidence = Some(
                    value(&arg)?
                        .parse()
                        .map_err(|_| "--min-confidence takes a share such as 0.2".to_string())?,
                )
            }
            "--max-itemset" => {
                request.basket.max_len = value(&arg)?
                    .parse()
                    .map_err(|_| "--max-itemset takes a whole number such as 3".to_string())?
            }
            "--no-baskets" => request.basket.enabled = false,
            "--seed" => {
                request.seed = Seed(
                    value(&arg)?
                        .parse()
                        .map_err(|_| "--seed takes a whole number such as 42".to_string())?,
                )
            }
            "--header" => request.read.has_header = Some(true),
            "--no-header" => request.read.has_header = Some(false),
            "--json" => json = true,
            "--customers-out" => customers_out = Some(value(&arg)?),
            "--rules-out" => rules_out = Some(value(&arg)?),
            "--column" => {
                let given = value(&arg)?;
                let (key, name) = given
                    .split_once('=')
                    .ok_or("--column takes ROLE=NAME, such as customer=\"Customer Name\"")?;
                let role = Role::from_key(key.trim()).ok_or_else(|| {
                    let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
                    format!("--column: '{key}' is not a role; the roles are {}", keys.join(", "))
                })?;
                request.read.named_roles.push((name.to_string(), role));
            }
            "--itemsets-out" => itemsets_out = Some(value(&arg)?),
            "--timings" => timings = true,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    settings::check(&request).map_err(|e| e.to_string())?;
    Ok(Args {
        file: file.ok_or("analyze needs a FILE")?,
        request,
        fitted_out,
        json,
        customers_out,
        rules_out,
        itemsets_out,
        timings,
    })
}

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
    match std::env::args().nth(1).as_deref() {
        Some("selftest") => return selftest(),
        Some("predict") => return predict::main(std::env::args().skip(2)),
        _ => {}
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("customer-lens: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
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
    let outcome = run(&file, &args.request, &mut |stage, _| lap(Some(stage)));
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
