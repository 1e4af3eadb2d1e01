//! The three purchase-count models as one type, so the pipeline can fit, compare and switch them.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use super::bgnbd::BgNbd;
pub use super::count::ModelKind;
use super::count::{CountProcess, Fitted};
use super::mbgnbd::MbgNbd;
use super::pareto_nbd::ParetoNbd;
use super::pmf;
use super::prior::Prior;
use super::summary::Rft;
use super::FitError;

/// How a model's parameters were estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitMethod {
    /// Maximum likelihood.
    MaximumLikelihood,
    /// Maximum a posteriori under the weak prior of `prior::Prior`.
    Regularised,
}

impl FitMethod {
    /// The method in words.
    pub fn name(self) -> &'static str {
        match self {
            FitMethod::MaximumLikelihood => "maximum likelihood",
            FitMethod::Regularised => "regularised",
        }
    }
}

/// One of the three purchase-count models at its parameters; it reads as the model it holds (`CountProcess`).
#[derive(Debug, Clone, PartialEq)]
pub enum CountModel {
    /// BG/NBD.
    Bgnbd(BgNbd),
    /// Pareto/NBD.
    ParetoNbd(ParetoNbd),
    /// MBG/NBD.
    Mbgnbd(MbgNbd),
}

impl Deref for CountModel {
    type Target = dyn CountProcess;

    fn deref(&self) -> &(dyn CountProcess + 'static) {
        match self {
            CountModel::Bgnbd(m) => m,
            CountModel::ParetoNbd(m) => m,
            CountModel::Mbgnbd(m) => m,
        }
    }
}

impl CountModel {
    /// Fits the model of `kind` by maximum likelihood.
    pub fn fit(kind: ModelKind, data: &[Rft]) -> Result<Fitted<CountModel>, FitError> {
        CountModel::fit_from(kind, data, None, FitMethod::MaximumLikelihood)
    }

    /// Fits the model of `kind` by `method`, starting from a fitted BG/NBD when one is given (the three
    /// models share r and alpha; a warm start saves most of the search).
    pub fn fit_from(
        kind: ModelKind,
        data: &[Rft],
        bg: Option<&BgNbd>,
        method: FitMethod,
    ) -> Result<Fitted<CountModel>, FitError> {
        let start = bg.map(|m| {
            let [r, alpha, a, b] = m.params();
            match kind {
                ModelKind::ParetoNbd => [r, alpha, 1.0, alpha],
                _ => [r, alpha, a, b],
            }
        });
        CountModel::fit_at(kind, data, start, method)
    }

    /// Fits the model of `kind` by `method` from `start` (default: all parameters 1).
    pub fn fit_at(
        kind: ModelKind,
        data: &[Rft],
        start: Option<[f64; 4]>,
        method: FitMethod,
    ) -> Result<Fitted<CountModel>, FitError> {
        let prior = match method {
            FitMethod::MaximumLikelihood => None,
            FitMethod::Regularised => Some(Prior::for_data(data, kind.time_scales())),
        };
        // A regularised fit starts at the prior's centre, inside the region the prior allows.
        let start = start.or(prior.map(|p| p.log_centre.map(f64::exp)));
        let prior = prior.as_ref();
        Ok(match kind {
            ModelKind::Bgnbd => BgNbd::fit_from(data, start, prior)?.map(CountModel::Bgnbd),
            ModelKind::ParetoNbd => {
                ParetoNbd::fit_from(data, start, prior)?.map(CountModel::ParetoNbd)
            }
            ModelKind::Mbgnbd => MbgNbd::fit_from(data, start, prior)?.map(CountModel::Mbgnbd),
        })
    }

    /// The model of `kind` at given parameters (read from a saved fit), checked to be positive and finite.
    pub fn from_params(kind: ModelKind, p: [f64; 4]) -> Result<CountModel, FitError> {
        Ok(match kind {
            ModelKind::Bgnbd => CountModel::Bgnbd(BgNbd::new(p)?),
            ModelKind::ParetoNbd => CountModel::ParetoNbd(ParetoNbd::new(p)?),
            ModelKind::Mbgnbd => CountModel::Mbgnbd(MbgNbd::new(p)?),
        })
    }

    /// The same model at other parameters (draws from their sampling distribution).
    pub fn with_params(&self, p: [f64; 4]) -> CountModel {
        match self {
            CountModel::Bgnbd(_) => CountModel::Bgnbd(BgNbd::at(p)),
            CountModel::ParetoNbd(_) => CountModel::ParetoNbd(ParetoNbd::at(p)),
            CountModel::Mbgnbd(_) => CountModel::Mbgnbd(MbgNbd::at(p)),
        }
    }

    /// P(exactly n repeat purchases in the next `t` time units), n = 0..=n_max: of a new customer
    /// without `history`, else of a customer with history (x, t_x, T) (see `pmf`).
    pub fn purchase_probabilities(
        &self,
        t: f64,
        n_max: u32,
        history: Option<(u32, f64, f64)>,
    ) -> Vec<f64> {
        let [r, alpha, c, d] = self.params();
        let Some((x, t_x, age)) = history else {
            return match self {
                CountModel::Bgnbd(_) => pmf::beta_geometric([r, alpha, c, d], t, n_max, false),
                CountModel::Mbgnbd(_) => pmf::beta_geometric([r, alpha, c, d], t, n_max, true),
                CountModel::ParetoNbd(_) => pmf::pareto([r, alpha, c, d], t, n_max),
            };
        };
        let xf = f64::from(x);
        let (r, alpha) = (r + xf, alpha + age);
        let if_alive = match self {
            CountModel::Bgnbd(_) => pmf::beta_geometric([r, alpha, c, d + xf], t, n_max, false),
            CountModel::Mbgnbd(_) => {
                pmf::beta_geometric([r, alpha, c, d + xf + 1.0], t, n_max, false)
            }
            CountModel::ParetoNbd(_) => pmf::pareto([r, alpha, c, d + age], t, n_max),
        };
        pmf::conditional(self.p_alive(x, t_x, age), if_alive)
    }
}
