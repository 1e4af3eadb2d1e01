//! `customer-lens analyze FILE [options]`: the same analysis as the browser app, for data teams and for
//! files too big for a tab.

use std::process::ExitCode;

use customer_lens::core::clv::model::ModelKind;
use customer_lens::core::ingest::{DateOrder, SetAside};
use customer_lens::core::pipeline::{customers_csv, run, Analysis, Request, TimeUnit};

const USAGE: &str =
    "usage: customer-lens analyze FILE [--observation-end YYYY-MM-DD] [--time-unit days|weeks]
                              [--date-order auto|day-first|month-first] [--header|--no-header]
                              [--horizon-months N] [--discount-rate R] [--calibration-end YYYY-MM-DD]
                              [--model bgnbd|pareto-nbd|mbgnbd] [--no-clv] [--json] [--customers-out FILE.csv]

  --observation-end   the analysis date (default: the day after the last purchase)
  --time-unit         the time unit of the models (default: days)
  --date-order        how to read dates like 03/04/2011 (default: decided from the values)
  --horizon-months    months of lifetime value (default: 12)
  --discount-rate     monthly discount rate of lifetime value (default: 0.01)
  --calibration-end   fit the models up to this date and compare their forecasts with what happened after
  --model             the purchase model to use (default: the best by holdout error, else by likelihood)
  --no-clv            skip the lifetime-value models (a quick look at a very large file)
  --json              print one JSON object instead of the text summary
  --customers-out     write the customer table (one row per customer) as CSV";

struct Args {
    file: String,
    request: Request,
    json: bool,
    customers_out: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("analyze") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command '{other}'")),
    }
    let mut file = None;
    let mut request = Request::default();
    let (mut json, mut customers_out) = (false, None);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--observation-end" => request.analysis_date = Some(value(&arg)?),
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
            "--horizon-months" => {
                request.clv.horizon_months = value(&arg)?
                    .parse()
                    .map_err(|_| "--horizon-months takes a whole number of months".to_string())?
            }
            "--discount-rate" => {
                request.clv.discount_rate = value(&arg)?
                    .parse()
                    .map_err(|_| "--discount-rate takes a number such as 0.01".to_string())?
            }
            "--calibration-end" => request.clv.calibration_end = Some(value(&arg)?),
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
            "--header" => request.read.has_header = Some(true),
            "--no-header" => request.read.has_header = Some(false),
            "--json" => json = true,
            "--customers-out" => customers_out = Some(value(&arg)?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    Ok(Args {
        file: file.ok_or("analyze needs a FILE")?,
        request,
        json,
        customers_out,
    })
}

fn main() -> ExitCode {
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
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("customer-lens: cannot read {}: {e}", args.file);
            return ExitCode::FAILURE;
        }
    };
    let analysis = match run(&bytes, &args.request, &mut |_, _| {}) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("customer-lens: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = &args.customers_out {
        if let Err(e) = std::fs::write(path, customers_csv(&analysis.customers)) {
            eprintln!("customer-lens: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        match serde_json::to_string_pretty(&analysis.report) {
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
    let k = &r.kpi;
    println!(
        "Customers {}, orders {}, revenue {:.2}, average order {:.2}, {} to {}",
        k.customers, k.orders, k.revenue, k.average_order_value, k.first_date, k.last_date
    );
    if let Some(p) = k.profit {
        println!("Profit {p:.2}");
    }
    println!("Analysis date {}", r.settings.analysis_date);
    match (&r.clv, &r.clv_error) {
        (Some(c), _) => {
            println!(
                "Lifetime value over {} months ({}): total {:.2}",
                c.horizon_months,
                c.model.name(),
                c.total
            );
            for m in &c.models {
                let params: Vec<String> = m
                    .params
                    .iter()
                    .map(|(k, v)| format!("{k} {v:.4}"))
                    .collect();
                println!(
                    "  {:<11} log-likelihood {:>12.2}  {}",
                    m.name,
                    m.log_likelihood,
                    params.join(", ")
                );
            }
            for w in &c.warnings {
                println!("  note: {w}");
            }
        }
        (None, Some(e)) => println!("Lifetime value: {e}"),
        (None, None) => {}
    }
    if let Some(h) = &r.holdout {
        println!(
            "Holdout after {}: actual {:.0}, predicted {:.1} repeat purchases, MAE {:.3} per customer",
            h.calibration_end, h.actual, h.predicted, h.mae
        );
    }
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
