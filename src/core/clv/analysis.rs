//! The lifetime-value step of the pipeline: fit and compare the three count models (on a calibration
//! period when one is given), fit Gamma-Gamma, and value every customer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bgnbd::BgNbd;
use super::fit::at_boundary;
use super::gamma_gamma::GammaGamma;
use super::holdout::{compare, mae, predictions, split, Holdout};
use super::model::{CountModel, ModelKind};
use super::summary::{purchase_days, summarize_days, Rft};
use super::value::{units_per_month, value_all};
use crate::core::histogram::Histogram;
use crate::core::ingest::parse_iso_day;
use crate::core::rfm::quantile_scores;
use crate::core::transactions::Transactions;

/// The user's CLV settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvRequest {
    /// Whether to fit the models at all (off for a quick look at a very large file).
    pub enabled: bool,
    /// Months of value to add up.
    pub horizon_months: u32,
    /// Monthly discount rate (0.01 = 1 %).
    pub discount_rate: f64,
    /// End of the calibration period, `YYYY-MM-DD`: enables the holdout comparison.
    pub calibration_end: Option<String>,
    /// The count model to use; by default the best by holdout error (or likelihood without a holdout).
    pub model: Option<ModelKind>,
}

impl Default for ClvRequest {
    fn default() -> Self {
        ClvRequest {
            enabled: true,
            horizon_months: 12,
            discount_rate: 0.01,
            calibration_end: None,
            model: None,
        }
    }
}

/// One row of the model comparison table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFit {
    /// The model.
    pub model: ModelKind,
    /// Its name.
    pub name: String,
    /// Parameters by name (fitted on all the data).
    pub params: BTreeMap<String, f64>,
    /// Standard errors by name.
    pub std_errors: BTreeMap<String, f64>,
    /// Log-likelihood.
    pub log_likelihood: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Bayesian information criterion.
    pub bic: f64,
    /// Mean absolute holdout error per customer (with a calibration end).
    pub holdout_mae: Option<f64>,
    /// Why the model could not be fitted.
    pub error: Option<String>,
    /// A caution about the fit (an optimum at the edge of the parameter space).
    pub warning: Option<String>,
}

/// A model output over frequency (rows) x recency (columns) for customers of age `t`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    /// Row values: repeat purchases.
    pub frequencies: Vec<u32>,
    /// Column values: recency in time units.
    pub recencies: Vec<f64>,
    /// `values[row][column]`.
    pub values: Vec<Vec<f64>>,
    /// The customers' age T.
    pub t: f64,
}

/// Customers and value of one CLV tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// Customers in the tier.
    pub customers: u64,
    /// Their summed CLV.
    pub clv: f64,
}

/// The CLV part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvReport {
    /// The count model in use.
    pub model: ModelKind,
    /// Months of value.
    pub horizon_months: u32,
    /// Monthly discount rate.
    pub discount_rate: f64,
    /// Summed CLV of all customers.
    pub total: f64,
    /// Tiers A (top quarter) to D.
    pub by_tier: BTreeMap<String, Tier>,
    /// The comparison table.
    pub models: Vec<ModelFit>,
    /// Warnings the user should read (e.g. frequency and spend correlated).
    pub warnings: Vec<String>,
    /// P(alive) over frequency x recency.
    pub p_alive_grid: Grid,
    /// Expected purchases over the horizon, over frequency x recency.
    pub expected_grid: Grid,
    /// Distribution of CLV.
    pub distribution: Histogram,
    /// CLV by RFM segment (filled in by the pipeline, which knows the segments).
    pub by_segment: Vec<SegmentValue>,
}

/// CLV of one RFM segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentValue {
    /// The segment's name.
    pub name: String,
    /// Customers valued.
    pub customers: u64,
    /// Mean CLV.
    pub mean_clv: f64,
    /// Summed CLV.
    pub total_clv: f64,
}

/// One customer's predictions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerValue {
    /// Probability of being alive.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected spend per purchase.
    pub expected_spend: f64,
    /// CLV over the horizon.
    pub clv: f64,
    /// 5th percentile of CLV over parameter draws.
    pub clv_low: f64,
    /// 95th percentile.
    pub clv_high: f64,
    /// `A` to `D`.
    pub tier: char,
}

/// Everything the step produces.
pub struct ClvOutcome {
    /// The report part.
    pub report: ClvReport,
    /// Parameters and log-likelihood of each fitted count model, by model.
    pub params: BTreeMap<ModelKind, BTreeMap<String, f64>>,
    /// Gamma-Gamma's p, q, gamma, log-likelihood and frequency/spend correlation.
    pub gamma_gamma: BTreeMap<String, f64>,
    /// The holdout comparison of the model in use.
    pub holdout: Option<Holdout>,
    /// Per customer code.
    pub customers: Vec<CustomerValue>,
}

/// Each customer's summary (by customer code) observed to `analysis_day`; zeros for a customer with no
/// purchase by then.
fn summaries(days: &[Vec<(i64, f64)>], analysis_day: i64, unit_days: f64) -> Vec<Rft> {
    days.iter()
        .map(|d| {
            summarize_days(d, analysis_day, analysis_day, unit_days).unwrap_or(Rft {
                frequency: 0,
                recency: 0.0,
                t: 0.0,
                monetary: 0.0,
            })
        })
        .collect()
}

/// Each customer code's CLV as of `analysis_day` from the `kind` of purchase model and Gamma-Gamma,
/// without intervals or comparisons: the quick valuation of a migration period. `None` when a model
/// cannot be fitted.
pub fn values_as_of(
    tx: &Transactions,
    analysis_day: i64,
    unit_days: f64,
    req: &ClvRequest,
    kind: ModelKind,
) -> Option<Vec<f64>> {
    let data = summaries(&purchase_days(tx), analysis_day, unit_days);
    let model = CountModel::fit(kind, &data).ok()?;
    let spend = GammaGamma::fit(&data).ok()?;
    let months = req.horizon_months.max(1);
    let per_month = units_per_month(unit_days);
    let values = value_all(
        &model,
        &spend,
        &data,
        months,
        req.discount_rate,
        per_month,
        0,
    );
    Some(values.iter().map(|v| v.map_or(0.0, |v| v.clv)).collect())
}

/// Runs the step on transactions observed to `analysis_day`, in units of `unit_days` days.
pub fn analyze(
    tx: &Transactions,
    analysis_day: i64,
    unit_days: f64,
    req: &ClvRequest,
) -> Result<ClvOutcome, String> {
    let days = purchase_days(tx);
    let data = summaries(&days, analysis_day, unit_days);
    let calibration = match &req.calibration_end {
        Some(text) => {
            let end = parse_iso_day(text).ok_or_else(|| {
                format!("The calibration end '{text}' is not a date: write it as YYYY-MM-DD.")
            })?;
            let first = days
                .iter()
                .filter_map(|d| d.first())
                .map(|f| f.0)
                .min()
                .unwrap_or(end);
            if end <= first || end >= analysis_day {
                return Err(format!(
                    "The calibration end must fall between the first purchase and the analysis date; {text} does not."
                ));
            }
            Some((end, split(&days, end, unit_days)))
        }
        None => None,
    };
    let n = data.len() as f64;
    let mut fitted: Vec<CountModel> = Vec::new();
    let mut models: Vec<ModelFit> = Vec::new();
    let mut bg: Option<BgNbd> = None;
    let mut calibration_fits: Vec<CountModel> = Vec::new();
    for kind in ModelKind::ALL {
        let names = kind.param_names();
        match CountModel::fit_from(kind, &data, bg.as_ref()) {
            Ok(m) => {
                let holdout_mae = calibration.as_ref().and_then(|(end, s)| {
                    let horizon = (analysis_day - end) as f64 / unit_days;
                    let cm = CountModel::fit(kind, &s.calibration).ok()?;
                    let error = mae(&predictions(&cm, s, horizon), &s.actual);
                    calibration_fits.push(cm);
                    Some(error)
                });
                let ll = m.log_likelihood();
                models.push(ModelFit {
                    model: kind,
                    name: kind.name().into(),
                    params: names
                        .iter()
                        .zip(m.params())
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                    std_errors: names
                        .iter()
                        .zip(m.std_errors())
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                    log_likelihood: ll,
                    aic: 8.0 - 2.0 * ll,
                    bic: 4.0 * n.ln() - 2.0 * ll,
                    holdout_mae,
                    error: None,
                    warning: at_boundary(&m.params()).then(|| {
                        format!(
                            "{} reached the edge of its parameter space ({}): a limiting case such as no dropout; standard errors are not meaningful.",
                            kind.name(),
                            names.iter().zip(m.params()).map(|(k, v)| format!("{k} = {v:.3e}")).collect::<Vec<_>>().join(", ")
                        )
                    }),
                });
                if let CountModel::Bgnbd(b) = &m {
                    bg = Some(b.clone());
                }
                fitted.push(m);
            }
            Err(e) => models.push(ModelFit {
                model: kind,
                name: kind.name().into(),
                params: BTreeMap::new(),
                std_errors: BTreeMap::new(),
                log_likelihood: f64::NAN,
                aic: f64::NAN,
                bic: f64::NAN,
                holdout_mae: None,
                error: Some(e.to_string()),
                warning: None,
            }),
        }
    }
    let score = |m: &ModelFit| m.holdout_mae.unwrap_or(-m.log_likelihood);
    let best = models
        .iter()
        .filter(|m| m.error.is_none())
        .min_by(|a, b| score(a).total_cmp(&score(b)))
        .map(|m| m.model);
    let chosen = req
        .model
        .filter(|k| fitted.iter().any(|m| m.kind() == *k))
        .or(best);
    let Some(model) = chosen.and_then(|k| fitted.iter().find(|m| m.kind() == k)) else {
        let reasons: Vec<String> = models.iter().filter_map(|m| m.error.clone()).collect();
        return Err(reasons
            .first()
            .cloned()
            .unwrap_or_else(|| "No model could be fitted.".into()));
    };
    let spend = GammaGamma::fit(&data).map_err(|e| e.to_string())?;
    let mut warnings: Vec<String> = models
        .iter()
        .filter(|m| m.model == model.kind())
        .filter_map(|m| m.warning.clone())
        .collect();
    if spend.frequency_spend_correlation.abs() > 0.3 {
        warnings.push(format!(
            "Frequency and mean spend are correlated ({:.2}); Gamma-Gamma assumes they are not, so expected spend may be biased.",
            spend.frequency_spend_correlation
        ));
    }
    let per_month = units_per_month(unit_days);
    let months = req.horizon_months.max(1);
    let horizon = f64::from(months) * per_month;
    let valued = value_all(
        model,
        &spend,
        &data,
        months,
        req.discount_rate,
        per_month,
        20,
    );
    let clv: Vec<f64> = valued.iter().map(|v| v.map_or(0.0, |v| v.clv)).collect();
    let tiers = quantile_scores(&clv, 4, true);
    let customers: Vec<CustomerValue> = data
        .iter()
        .zip(&valued)
        .zip(&tiers)
        .map(|((c, v), &tier)| {
            let v = v.unwrap_or(super::value::Valued {
                spend: 0.0,
                clv: 0.0,
                low: 0.0,
                high: 0.0,
            });
            CustomerValue {
                p_alive: model.p_alive(c.frequency, c.recency, c.t),
                expected_purchases: model
                    .expected_purchases(horizon, c.frequency, c.recency, c.t)
                    .unwrap_or(f64::NAN),
                expected_spend: v.spend,
                clv: v.clv,
                clv_low: v.low,
                clv_high: v.high,
                tier: tier_letter(tier),
            }
        })
        .collect();
    let mut by_tier: BTreeMap<String, Tier> = BTreeMap::new();
    for c in &customers {
        let t = by_tier.entry(c.tier.to_string()).or_insert(Tier {
            customers: 0,
            clv: 0.0,
        });
        t.customers += 1;
        t.clv += c.clv;
    }
    // The calibration fit of the model in use was made for the comparison table: reuse it.
    let holdout = calibration.as_ref().and_then(|(end, s)| {
        let cm = calibration_fits.iter().find(|c| c.kind() == model.kind())?;
        Some(compare(cm, s, &days, *end, analysis_day, unit_days))
    });
    let params = fitted
        .iter()
        .map(|m| {
            let mut p: BTreeMap<String, f64> = m
                .kind()
                .param_names()
                .iter()
                .zip(m.params())
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            p.insert("log_likelihood".into(), m.log_likelihood());
            (m.kind(), p)
        })
        .collect();
    let gamma_gamma = [
        ("p", spend.p),
        ("q", spend.q),
        ("gamma", spend.gamma),
        ("log_likelihood", spend.log_likelihood),
        (
            "frequency_spend_correlation",
            spend.frequency_spend_correlation,
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let t_max = data.iter().map(|c| c.t).fold(0.0, f64::max);
    let f_max = data.iter().map(|c| c.frequency).max().unwrap_or(0).min(40);
    let report = ClvReport {
        model: model.kind(),
        horizon_months: months,
        discount_rate: req.discount_rate,
        total: clv.iter().sum(),
        by_tier,
        models,
        warnings,
        p_alive_grid: grid(f_max, t_max, |x, r| model.p_alive(x, r, t_max)),
        expected_grid: grid(f_max, t_max, |x, r| {
            model
                .expected_purchases(horizon, x, r, t_max)
                .unwrap_or(f64::NAN)
        }),
        distribution: Histogram::log_spaced(&clv, 24),
        by_segment: Vec::new(),
    };
    Ok(ClvOutcome {
        report,
        params,
        gamma_gamma,
        holdout,
        customers,
    })
}

fn tier_letter(quartile: u8) -> char {
    match quartile {
        4 => 'A',
        3 => 'B',
        2 => 'C',
        _ => 'D',
    }
}

fn grid(f_max: u32, t_max: f64, f: impl Fn(u32, f64) -> f64) -> Grid {
    let frequencies: Vec<u32> = (0..=f_max).collect();
    let recencies: Vec<f64> = (0..=20).map(|i| t_max * f64::from(i) / 20.0).collect();
    let values = frequencies
        .iter()
        .map(|&x| recencies.iter().map(|&r| f(x, r)).collect())
        .collect();
    Grid {
        frequencies,
        recencies,
        values,
        t: t_max,
    }
}
