//! `customer-lens predict --fitted FILE.json HISTORIES.csv`: each fitted model's predictions for any
//! list of histories, from the fitted models `analyze --fitted-out` saved; and the reading of summary
//! files that `analyze --summary` shares.

use std::io::Read;
use std::process::ExitCode;

use customer_lens::core::clv::horizon::Horizon;
use customer_lens::core::clv::predict::FittedModels;
use customer_lens::core::clv::summary_file::{
    self, is_summary_header, SummaryAccount, SummaryFile,
};
use customer_lens::core::export::predictions_csv;

/// P(n purchases) columns by default: n = 0..=5.
const PURCHASES: u32 = 5;
/// The most P(n) columns a user may ask for.
const MAX_PURCHASES: u32 = 100;

/// True when the first line of `path` names frequency, recency and T: a summary, not transactions.
pub fn starts_as_summary(path: &str) -> bool {
    let mut head = [0u8; 4096];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&head[..n]);
    let first = text.lines().next().unwrap_or("");
    let cells: Vec<&str> = first
        .split([',', ';', '\t', '|'])
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    is_summary_header(&cells)
}

/// Reads a summary file, or says why it cannot be read.
pub fn read_histories(path: &str) -> Result<SummaryFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    summary_file::read(&bytes).map_err(|e| e.to_string())
}

/// Prints what became of each row of a summary file.
pub fn print_account(a: &SummaryAccount) {
    let aside: u64 = a.set_aside.iter().map(|s| s.rows).sum();
    println!(
        "Summary rows read {}, used {}, set aside {aside}",
        a.read, a.used
    );
    for s in &a.set_aside {
        let rows: Vec<String> = s.examples.iter().map(u64::to_string).collect();
        println!(
            "  {:<42} {:>9}  (e.g. rows {})",
            s.reason.to_string(),
            s.rows,
            rows.join(", ")
        );
    }
}

const USAGE: &str = "usage: customer-lens predict --fitted FILE.json HISTORIES.csv [--horizon N UNIT] [--purchases N]";

struct Args {
    fitted: String,
    histories: String,
    horizon: Option<Horizon>,
    purchases: u32,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut fitted, mut histories, mut horizon, mut purchases) = (None, None, None, PURCHASES);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--fitted" => fitted = Some(value(&arg)?),
            "--horizon" => {
                horizon = Some(
                    value(&arg)?
                        .parse::<Horizon>()
                        .map_err(|e| format!("--horizon: {e}"))?,
                )
            }
            "--purchases" => {
                purchases = value(&arg)?
                    .parse()
                    .ok()
                    .filter(|n| *n <= MAX_PURCHASES)
                    .ok_or(format!(
                        "--purchases takes a whole number from 0 to {MAX_PURCHASES}"
                    ))?
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            path if histories.is_none() => histories = Some(path.to_string()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    Ok(Args {
        fitted: fitted
            .ok_or("predict needs --fitted FILE.json (written by analyze --fitted-out)")?,
        histories: histories.ok_or("predict needs a HISTORIES.csv")?,
        horizon,
        purchases,
    })
}

/// Runs `predict`: the CSV on standard output, the row account on standard error.
pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match parse(args) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("customer-lens: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("customer-lens: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<String, String> {
    let text = std::fs::read_to_string(&args.fitted)
        .map_err(|e| format!("cannot read {}: {e}", args.fitted))?;
    let fitted: FittedModels = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a file of fitted models written by analyze --fitted-out: {e}",
            args.fitted
        )
    })?;
    let horizon = args.horizon.unwrap_or(fitted.horizon);
    if !customer_lens::core::settings::horizon_in_range(horizon) {
        return Err(
            customer_lens::core::settings::SettingError::Horizon(horizon.to_string()).to_string(),
        );
    }
    let file = read_histories(&args.histories)?;
    let aside: u64 = file.account.set_aside.iter().map(|s| s.rows).sum();
    eprintln!(
        "customer-lens: {} histories read, {} predicted, {aside} set aside",
        file.account.read, file.account.used
    );
    for s in &file.account.set_aside {
        let rows: Vec<String> = s.examples.iter().map(u64::to_string).collect();
        eprintln!(
            "  {} rows: {} (e.g. rows {})",
            s.rows,
            s.reason,
            rows.join(", ")
        );
    }
    let mut rows = Vec::with_capacity(file.ids.len());
    for (id, h) in file.ids.iter().zip(&file.histories) {
        let predictions = fitted
            .predict(h, horizon, args.purchases)
            .map_err(|e| format!("{}: {e}", args.fitted))?;
        rows.push((id.as_str(), h, predictions));
    }
    Ok(predictions_csv(&rows, args.purchases))
}
