//! `customer-lens predict --fitted FILE.json HISTORIES.csv`: each fitted model's predictions for any
//! list of histories, from the fitted models `analyze --fitted-out` saved.

use std::process::ExitCode;

use super::args::Predict;

use customer_lens::core::clv::predict::FittedModels;
use customer_lens::core::clv::summary_file::{self, SummaryFile};
use customer_lens::core::report::export::predictions_csv;

/// Reads a summary file, or says why it cannot be read.
pub fn read_histories(path: &str) -> Result<SummaryFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    summary_file::read(&bytes).map_err(|e| e.to_string())
}

/// Runs `predict`: the CSV on standard output, the row account on standard error.
pub fn main(args: &Predict) -> ExitCode {
    match run(args) {
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

fn run(args: &Predict) -> Result<String, String> {
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
    let r = &file.rows;
    eprintln!(
        "customer-lens: {} histories read, {} predicted, {} set aside",
        r.read,
        r.used,
        r.total_set_aside()
    );
    for (reason, n) in &r.set_aside {
        let lines: Vec<String> = r.examples[reason]
            .iter()
            .map(|e| e.line.to_string())
            .collect();
        eprintln!("  {}: {n} (e.g. rows {})", reason.label(), lines.join(", "));
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
