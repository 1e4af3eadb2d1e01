//! Predictions for any history from fitted parameters: the fitted models `analyze` saves (a small JSON
//! file, also in the report), and what the what-if panel and `customer-lens predict` compute from them —
//! P(alive), expected purchases, the probability of exactly n purchases, expected spend and CLV — plus
//! the population view of a new customer.

use serde::{Deserialize, Serialize};

use super::gamma_gamma::GammaGamma;
use super::horizon::{Horizon, TimeScale};
use super::model::{CountModel, FitMethod, ModelKind};
use super::summary::Rft;
use super::value::{discounted_if_alive, Spend};
use super::FitError;

/// One fitted count model: parameters in the order of `ModelKind::param_names`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFit {
    /// The model.
    pub model: ModelKind,
    /// How it was fitted.
    pub method: FitMethod,
    /// Its four parameters.
    pub params: [f64; 4],
}

/// Every fitted model of an analysis with the settings its values used: enough to predict any history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedModels {
    /// The time unit and month length.
    pub scale: TimeScale,
    /// The horizon of the analysis.
    pub horizon: Horizon,
    /// Monthly discount rate.
    pub discount_rate: f64,
    /// The fitted count models, the one in use first.
    pub fits: Vec<SavedFit>,
    /// Gamma-Gamma's p, q, gamma, when it was fitted.
    pub gamma_gamma: Option<[f64; 3]>,
    /// The spend per purchase given instead of Gamma-Gamma's estimate.
    pub spend_per_purchase: Option<f64>,
}

/// What one model predicts for one history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The model.
    pub model: ModelKind,
    /// How it was fitted.
    pub method: FitMethod,
    /// Probability of being alive.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// P(exactly n purchases over the horizon), n = 0, 1, ...
    pub purchase_probabilities: Vec<f64>,
    /// Expected spend per purchase (none without a spend model or a given spend).
    pub expected_spend: Option<f64>,
    /// CLV over the horizon.
    pub clv: Option<f64>,
}

/// What one model expects of a new customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Population {
    /// The model.
    pub model: ModelKind,
    /// How it was fitted.
    pub method: FitMethod,
    /// Times from the first purchase, in time units, from 0 to the horizon.
    pub times: Vec<f64>,
    /// E[X(t)], the expected repeat purchases by each time (lifetimes'
    /// `expected_number_of_purchases_up_to_time`).
    pub expected: Vec<f64>,
    /// The horizon, in time units.
    pub horizon: f64,
    /// P(X(horizon) = n), n = 0, 1, ... (lifetimes' `probability_of_n_purchases_up_to_time`).
    pub purchase_probabilities: Vec<f64>,
}

/// Points of the population curve.
const CURVE_POINTS: usize = 24;

impl FittedModels {
    /// The models, checked.
    pub fn models(&self) -> Result<Vec<(CountModel, FitMethod)>, FitError> {
        self.fits
            .iter()
            .map(|f| Ok((CountModel::from_params(f.model, f.params)?, f.method)))
            .collect()
    }

    /// The spend per purchase the values use, if any.
    pub fn spend(&self) -> Result<Option<Spend>, FitError> {
        Ok(match (self.spend_per_purchase, self.gamma_gamma) {
            (Some(v), _) => Some(Spend::PerPurchase(v)),
            (None, Some([p, q, gamma])) => Some(Spend::GammaGamma(GammaGamma::new(p, q, gamma)?)),
            (None, None) => None,
        })
    }

    /// Each model's predictions for `history` over `horizon`, with P(n purchases) for n up to `n_max`.
    pub fn predict(
        &self,
        history: &Rft,
        horizon: Horizon,
        n_max: u32,
    ) -> Result<Vec<Prediction>, FitError> {
        let spend = self.spend()?;
        let t = horizon.in_units(&self.scale);
        let (x, t_x, age) = (history.frequency, history.recency, history.t);
        Ok(self
            .models()?
            .into_iter()
            .map(|(m, method)| {
                let p_alive = m.p_alive(x, t_x, age);
                let expected_spend = spend.as_ref().map(|s| s.expected(x, history.monetary));
                let discounted =
                    discounted_if_alive(&m, x, age, t, self.discount_rate, self.scale.month_units);
                Prediction {
                    model: m.kind(),
                    method,
                    p_alive,
                    expected_purchases: m.expected_purchases(t, x, t_x, age).unwrap_or(f64::NAN),
                    purchase_probabilities: m.purchase_probabilities(t, n_max, Some((x, t_x, age))),
                    expected_spend,
                    clv: expected_spend.zip(discounted).map(|(s, d)| s * p_alive * d),
                }
            })
            .collect())
    }

    /// Each model's view of a new customer up to `horizon`, with P(n purchases) for n up to `n_max`.
    pub fn population(&self, horizon: Horizon, n_max: u32) -> Result<Vec<Population>, FitError> {
        let t = horizon.in_units(&self.scale);
        let times: Vec<f64> = (0..=CURVE_POINTS)
            .map(|i| t * i as f64 / CURVE_POINTS as f64)
            .collect();
        Ok(self
            .models()?
            .into_iter()
            .map(|(m, method)| Population {
                model: m.kind(),
                method,
                expected: times
                    .iter()
                    .map(|&s| m.unconditional_expected(s).unwrap_or(f64::NAN))
                    .collect(),
                times: times.clone(),
                horizon: t,
                purchase_probabilities: m.purchase_probabilities(t, n_max, None),
            })
            .collect())
    }
}
