//! What the lifetime-value step produces: the comparison table's rows, the report part and each
//! customer's predictions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::count::Fitted;
use super::diagnosis::identified;
use super::error::FitError;
use super::holdout::Holdout;
use super::horizon::{Horizon, PurchasePeriod, TimeScale};
use super::intervals::IntervalMethod;
use super::model::{CountModel, FitMethod, ModelKind};
use super::predict::{FittedModels, Population};
use crate::core::histogram::Histogram;

/// The parameters of each count model (r, alpha and two of dropout), the k of AIC = 2k - 2 ln L and
/// BIC = k ln n - 2 ln L (Akaike 1974; Schwarz 1978).
const PARAMETERS: f64 = 4.0;

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
    pub(super) fn failed(model: ModelKind, error: FitError) -> ModelFit {
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
    pub(super) fn fitted(
        m: &Fitted<CountModel>,
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
            aic: 2.0 * PARAMETERS - 2.0 * ll,
            bic: PARAMETERS * (customers as f64).ln() - 2.0 * ll,
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

/// A model output over frequency x recency at `t_max`, recency in 20 steps.
pub(super) fn grid(f_max: u32, t_max: f64, f: impl Fn(u32, f64) -> f64) -> Grid {
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
