//! The lifetime-value step of the pipeline: fit and compare the three count models (on a calibration
//! period when one is given), fit Gamma-Gamma, and value every customer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bgnbd::BgNbd;
use super::diagnosis::{diagnose, identified};
use super::error::{ClvError, FitError};
use super::gamma_gamma::GammaGamma;
use super::holdout::{compare, mae, predictions, split, Holdout, Split};
use super::horizon::{Horizon, PurchasePeriod, TimeScale};
use super::intervals::{draws, Draws, IntervalMethod};
use super::model::{CountModel, FitMethod, ModelKind};
use super::predict::{FittedModels, Population, SavedFit};
use super::summary::{purchase_days, summarize_days, Rft};
use super::value::{value_all, Spend};
use crate::core::histogram::Histogram;
use crate::core::ingest::{iso_date, parse_iso_day};
use crate::core::rfm::quantile_scores;
use crate::core::transactions::Transactions;

/// Where the calibration period ends, for the holdout that checks the models' forecasts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum Calibration {
    /// Half the data, at most a year, is held out when the data span a year or more.
    #[default]
    Auto,
    /// No holdout.
    Off,
    /// The calibration period ends on this day, `YYYY-MM-DD`.
    Until(String),
}

/// The population view's largest purchase count n of P(X(t) = n).
const POPULATION_COUNTS: u32 = 10;
/// Data spanning this many days or more get a holdout by default.
const AUTO_HOLDOUT_SPAN: i64 = 365;
/// The longest holdout set by default.
const AUTO_HOLDOUT_MAX: i64 = 365;

/// The user's CLV settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvRequest {
    /// Whether to fit the models at all (off for a quick look at a very large file).
    pub enabled: bool,
    /// How far ahead purchases, spend and value are forecast.
    pub horizon: Horizon,
    /// Monthly discount rate (0.01 = 1 %).
    pub discount_rate: f64,
    /// Days in the month lifetime value is discounted by; by default lifetimes' 30 days (4.345 weeks
    /// when the time unit is a week).
    pub month_days: Option<f64>,
    /// A spend per purchase to value every purchase at, instead of Gamma-Gamma's estimate.
    pub spend_per_purchase: Option<f64>,
    /// How purchases are counted: by day, calendar week or calendar month.
    pub period: PurchasePeriod,
    /// The calibration period of the holdout comparison.
    pub calibration: Calibration,
    /// The count model to use; by default the best by holdout error (or likelihood without a holdout).
    pub model: Option<ModelKind>,
}

impl Default for ClvRequest {
    fn default() -> Self {
        ClvRequest {
            enabled: true,
            horizon: Horizon::default(),
            discount_rate: 0.01,
            month_days: None,
            spend_per_purchase: None,
            period: PurchasePeriod::Day,
            calibration: Calibration::Auto,
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
    /// How it was fitted.
    pub method: FitMethod,
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
    pub error: Option<FitError>,
    /// A caution about the fit (the data do not identify its parameters).
    pub warning: Option<String>,
}

impl ModelFit {
    /// The row of a model that could not be fitted.
    fn failed(model: ModelKind, error: FitError) -> ModelFit {
        ModelFit {
            model,
            name: model.name().into(),
            method: FitMethod::MaximumLikelihood,
            params: BTreeMap::new(),
            std_errors: BTreeMap::new(),
            log_likelihood: f64::NAN,
            aic: f64::NAN,
            bic: f64::NAN,
            holdout_mae: None,
            error: Some(error),
            warning: None,
        }
    }

    /// The row of a fitted model, with its holdout error when a holdout checked it.
    fn fitted(
        m: &CountModel,
        method: FitMethod,
        customers: usize,
        holdout_mae: Option<f64>,
    ) -> ModelFit {
        let kind = m.kind();
        let names = kind.param_names();
        let named = |values: [f64; 4]| {
            names
                .iter()
                .zip(values)
                .map(|(k, v)| (k.to_string(), v))
                .collect()
        };
        let ll = m.log_likelihood();
        ModelFit {
            model: kind,
            name: kind.name().into(),
            method,
            params: named(m.params()),
            std_errors: named(m.std_errors()),
            log_likelihood: ll,
            aic: 8.0 - 2.0 * ll,
            bic: 4.0 * (customers as f64).ln() - 2.0 * ll,
            holdout_mae,
            error: None,
            warning: (method == FitMethod::MaximumLikelihood && !identified(m)).then(|| {
                format!(
                    "The data do not pin {} down by maximum likelihood ({}): a limit such as no dropout, or standard errors missing or several times their parameter.",
                    kind.name(),
                    names.iter().zip(m.params()).map(|(k, v)| format!("{k} = {v:.3e}")).collect::<Vec<_>>().join(", ")
                )
            }),
        }
    }
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

/// Gamma-Gamma's fit: the spend per purchase of the repeat customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpendFit {
    /// Shape of each purchase's spend.
    pub p: f64,
    /// Shape of the customers' mean spend.
    pub q: f64,
    /// Scale of the customers' mean spend.
    pub gamma: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Correlation of frequency and mean spend (the model assumes none).
    pub frequency_spend_correlation: f64,
}

/// The CLV part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvReport {
    /// The count model in use.
    pub model: ModelKind,
    /// How the model in use was fitted.
    pub method: FitMethod,
    /// Why this model and fit are in use.
    pub choice: String,
    /// What the data cannot tell the model, in plain words, when its parameters are not identified.
    pub diagnosis: Option<String>,
    /// How the 90 % intervals were made.
    pub intervals: IntervalMethod,
    /// How the holdout was set, or why there is none.
    pub holdout_note: String,
    /// How far ahead the forecasts look.
    pub horizon: Horizon,
    /// The horizon in time units.
    pub horizon_units: f64,
    /// The time unit and the month of discounting.
    pub scale: TimeScale,
    /// How purchases were counted.
    pub period: PurchasePeriod,
    /// The spend per purchase given instead of Gamma-Gamma's estimate.
    pub spend_per_purchase: Option<f64>,
    /// Monthly discount rate.
    pub discount_rate: f64,
    /// Every fitted model with the settings of the values: what the what-if panel and `predict` read.
    pub fitted: FittedModels,
    /// What each fitted model expects of a new customer up to the horizon.
    pub population: Vec<Population>,
    /// The spend model, when it could be fitted.
    pub gamma_gamma: Option<SpendFit>,
    /// The holdout comparison of the model in use, when there is a holdout.
    pub holdout: Option<Holdout>,
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
    let data = summaries(
        &purchase_days(tx, req.period),
        req.period.start(analysis_day),
        unit_days,
    );
    let model = CountModel::fit(kind, &data).ok()?;
    let model = if identified(&model) {
        model
    } else {
        CountModel::fit_at(kind, &data, None, FitMethod::Regularised).ok()?
    };
    let spend = match req.spend_per_purchase {
        Some(v) => Spend::PerPurchase(v),
        None => Spend::GammaGamma(GammaGamma::fit(&data).ok()?),
    };
    let scale = TimeScale::new(unit_days, req.month_days);
    let values = value_all(
        &model,
        &spend,
        &data,
        req.horizon.in_units(&scale),
        req.discount_rate,
        scale.month_units,
        &Draws {
            count: Vec::new(),
            spend: Vec::new(),
        },
    );
    Some(values.iter().map(|v| v.map_or(0.0, |v| v.clv)).collect())
}

/// The calibration end and the split of every customer's purchases there, or why there is no holdout.
fn calibration(
    days: &[Vec<(i64, f64)>],
    analysis_day: i64,
    unit_days: f64,
    setting: &Calibration,
) -> Result<(Option<(i64, Split)>, String), ClvError> {
    let first = days
        .iter()
        .filter_map(|d| d.first())
        .map(|f| f.0)
        .min()
        .unwrap_or(analysis_day);
    let span = analysis_day - first;
    let end = match setting {
        Calibration::Off => return Ok((None, "No holdout: switched off.".into())),
        Calibration::Auto if span < AUTO_HOLDOUT_SPAN => {
            return Ok((
                None,
                format!(
                    "No holdout: the data span {span} days, and one is held out automatically from {AUTO_HOLDOUT_SPAN} days on; set a calibration end to have one."
                ),
            ))
        }
        Calibration::Auto => analysis_day - (span / 2).min(AUTO_HOLDOUT_MAX),
        Calibration::Until(text) => {
            let end = parse_iso_day(text)
                .ok_or_else(|| ClvError::CalibrationNotADate(text.clone()))?;
            if end <= first || end >= analysis_day {
                return Err(ClvError::CalibrationOutside(text.clone()));
            }
            end
        }
    };
    let note = match setting {
        Calibration::Auto => format!(
            "Holdout set automatically: the models are also fitted up to {} and their forecasts checked on the last {} days (half the data, at most a year). Set a calibration end to move it, or switch it off.",
            iso_date(end),
            analysis_day - end
        ),
        _ => format!("Holdout: the models are also fitted up to {} and checked on the {} days after.", iso_date(end), analysis_day - end),
    };
    Ok((Some((end, split(days, end, unit_days))), note))
}

/// A fitted model the step may use: on all the data, and on the calibration period when there is one.
struct Candidate {
    model: CountModel,
    method: FitMethod,
    calibration: Option<CountModel>,
    row: usize,
}

/// The holdout of an analysis of transactions: where calibration ends, each customer's purchases split
/// there, and the purchase days the tracking series counts.
struct Check<'a> {
    end: i64,
    split: Split,
    days: &'a [Vec<(i64, f64)>],
    analysis_day: i64,
}

/// Runs the step on transactions observed to `analysis_day`, in units of `unit_days` days.
pub fn analyze(
    tx: &Transactions,
    analysis_day: i64,
    unit_days: f64,
    req: &ClvRequest,
) -> Result<ClvOutcome, ClvError> {
    let days = purchase_days(tx, req.period);
    let data = summaries(&days, req.period.start(analysis_day), unit_days);
    let (calibration, holdout_note) =
        calibration(&days, analysis_day, unit_days, &req.calibration)?;
    let check = calibration.map(|(end, split)| Check {
        end,
        split,
        days: &days,
        analysis_day,
    });
    value_histories(&data, check, holdout_note, unit_days, req)
}

/// Runs the step on histories read from a summary file (no purchase dates, so no holdout).
pub fn analyze_summaries(
    data: &[Rft],
    unit_days: f64,
    req: &ClvRequest,
) -> Result<ClvOutcome, ClvError> {
    let note = "No holdout: a summary file has no purchase dates to hold out.".to_string();
    value_histories(data, None, note, unit_days, req)
}

/// Fits and compares the models on `data` (checked on the holdout when there is one), then values every
/// customer.
fn value_histories(
    data: &[Rft],
    check: Option<Check>,
    holdout_note: String,
    unit_days: f64,
    req: &ClvRequest,
) -> Result<ClvOutcome, ClvError> {
    let holdout_horizon = check
        .as_ref()
        .map(|c| (c.analysis_day - c.end) as f64 / unit_days);
    let mut models: Vec<ModelFit> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut bg: Option<BgNbd> = None;
    let mut first_error: Option<FitError> = None;
    for kind in ModelKind::ALL {
        let ml = match CountModel::fit_from(kind, data, bg.as_ref(), FitMethod::MaximumLikelihood) {
            Ok(m) => m,
            Err(e) => {
                models.push(ModelFit::failed(kind, e.clone()));
                first_error.get_or_insert(e);
                continue;
            }
        };
        if let CountModel::Bgnbd(b) = &ml {
            bg = Some(b.clone());
        }
        // Where the data do not identify the maximum likelihood, the regularised fit is a candidate too.
        let regularised = (!identified(&ml))
            .then(|| CountModel::fit_at(kind, data, None, FitMethod::Regularised).ok())
            .flatten();
        let fits = [(ml, FitMethod::MaximumLikelihood)]
            .into_iter()
            .chain(regularised.map(|m| (m, FitMethod::Regularised)));
        for (model, method) in fits {
            let checked = check.as_ref().and_then(|c| {
                let s = &c.split;
                let cm = CountModel::fit_from(kind, &s.calibration, None, method).ok()?;
                let error = mae(&predictions(&cm, s, holdout_horizon?), &s.actual);
                Some((cm, error))
            });
            models.push(ModelFit::fitted(
                &model,
                method,
                data.len(),
                checked.as_ref().map(|c| c.1),
            ));
            candidates.push(Candidate {
                model,
                method,
                calibration: checked.map(|c| c.0),
                row: models.len() - 1,
            });
        }
    }
    let (chosen, choice) = choose(&candidates, &models, req.model)
        .ok_or_else(|| first_error.map_or(ClvError::NothingFitted, ClvError::NoModel))?;
    let model = &chosen.model;
    // A given spend needs no spend model; Gamma-Gamma is still fitted, for the report, when it can be.
    let gamma_gamma = GammaGamma::fit(data);
    let spend = match req.spend_per_purchase {
        Some(v) => Spend::PerPurchase(v),
        None => Spend::GammaGamma(gamma_gamma.clone().map_err(ClvError::Spend)?),
    };
    let gamma_gamma = gamma_gamma.ok();
    let ml_in_use = candidates
        .iter()
        .find(|c| c.model.kind() == model.kind() && c.method == FitMethod::MaximumLikelihood);
    let checked = chosen.calibration.is_some();
    let diagnosis = ml_in_use.and_then(|c| diagnose(&c.model, model, chosen.method, data, checked));
    let mut warnings = Vec::new();
    if let Some(spend) = gamma_gamma
        .as_ref()
        .filter(|g| g.frequency_spend_correlation.abs() > 0.3)
    {
        warnings.push(format!(
            "Frequency and mean spend are correlated ({:.2}); Gamma-Gamma assumes they are not, so expected spend may be biased.",
            spend.frequency_spend_correlation
        ));
    }
    let scale = TimeScale::new(unit_days, req.month_days);
    let horizon = req.horizon.in_units(&scale);
    let (draws, intervals) = draws(model, chosen.method, data, gamma_gamma.as_ref());
    let valued = value_all(
        model,
        &spend,
        data,
        horizon,
        req.discount_rate,
        scale.month_units,
        &draws,
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
                low: f64::NAN,
                high: f64::NAN,
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
    let holdout = check.as_ref().and_then(|c| {
        let cm = chosen.calibration.as_ref()?;
        Some(compare(
            cm,
            &c.split,
            c.days,
            c.end,
            c.analysis_day,
            unit_days,
        ))
    });
    let fitted = FittedModels {
        scale,
        horizon: req.horizon,
        discount_rate: req.discount_rate,
        fits: std::iter::once(chosen)
            .chain(candidates.iter().filter(|c| !std::ptr::eq(*c, chosen)))
            .map(|c| SavedFit {
                model: c.model.kind(),
                method: c.method,
                params: c.model.params(),
            })
            .collect(),
        gamma_gamma: gamma_gamma.as_ref().map(|g| [g.p, g.q, g.gamma]),
        spend_per_purchase: req.spend_per_purchase,
    };
    let population = fitted.population(req.horizon, POPULATION_COUNTS)?;
    let spend_fit = gamma_gamma.as_ref().map(|g| SpendFit {
        p: g.p,
        q: g.q,
        gamma: g.gamma,
        log_likelihood: g.log_likelihood,
        frequency_spend_correlation: g.frequency_spend_correlation,
    });
    let t_max = data.iter().map(|c| c.t).fold(0.0, f64::max);
    let f_max = data.iter().map(|c| c.frequency).max().unwrap_or(0).min(40);
    let report = ClvReport {
        model: model.kind(),
        method: chosen.method,
        choice,
        diagnosis,
        intervals,
        holdout_note,
        horizon: req.horizon,
        horizon_units: horizon,
        scale,
        period: req.period,
        spend_per_purchase: req.spend_per_purchase,
        discount_rate: req.discount_rate,
        fitted,
        population,
        gamma_gamma: spend_fit,
        holdout,
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
    Ok(ClvOutcome { report, customers })
}

/// The candidate to use and why, in a sentence: the one of the user's model (or of any) with the smallest
/// holdout error; without a holdout the highest likelihood, taking the regularised fit of a model whose
/// maximum likelihood the data do not identify.
fn choose<'a>(
    candidates: &'a [Candidate],
    rows: &[ModelFit],
    wanted: Option<ModelKind>,
) -> Option<(&'a Candidate, String)> {
    let pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| wanted.is_none_or(|k| c.model.kind() == k))
        .collect();
    let pool = if pool.is_empty() {
        candidates.iter().collect()
    } else {
        pool
    };
    let label = |c: &Candidate| format!("{} ({})", c.model.kind().name(), c.method.name());
    let error = |c: &Candidate| rows[c.row].holdout_mae;
    let mut checked: Vec<&Candidate> = pool
        .iter()
        .copied()
        .filter(|c| error(c).is_some())
        .collect();
    checked.sort_by(|a, b| {
        error(a)
            .unwrap_or(f64::INFINITY)
            .total_cmp(&error(b).unwrap_or(f64::INFINITY))
    });
    if let Some(&best) = checked.first() {
        let against = checked
            .get(1)
            .map(|next| {
                format!(
                    " against {:.3} for {}",
                    error(next).unwrap_or(f64::NAN),
                    label(next)
                )
            })
            .unwrap_or_default();
        let why = if wanted.is_some_and(|k| k == best.model.kind()) {
            "chosen in the settings; of its fits, its forecasts of the holdout were the closest"
        } else {
            "its forecasts of the holdout were the closest"
        };
        return Some((
            best,
            format!(
                "{} is in use: {why}, {:.4} purchases per customer off{against}.",
                label(best),
                error(best).unwrap_or(f64::NAN)
            ),
        ));
    }
    let has_regularised = |k: ModelKind| {
        pool.iter()
            .any(|c| c.model.kind() == k && c.method == FitMethod::Regularised)
    };
    let best = pool
        .iter()
        .copied()
        .filter(|c| c.method == FitMethod::Regularised || !has_regularised(c.model.kind()))
        .max_by(|a, b| {
            a.model
                .log_likelihood()
                .total_cmp(&b.model.log_likelihood())
        })?;
    let why = match best.method {
        _ if wanted.is_some_and(|k| k == best.model.kind()) && !has_regularised(best.model.kind()) => "chosen in the settings; with no holdout its forecasts are not checked",
        FitMethod::Regularised => "the data do not identify its maximum likelihood, and without a holdout to compare the two, the fit that stays finite is used",
        FitMethod::MaximumLikelihood => "the highest likelihood; with no holdout its forecasts are not checked",
    };
    Some((best, format!("{} is in use: {why}.", label(best))))
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
