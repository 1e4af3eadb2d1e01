//! The three purchase-count models behind one type, so the pipeline can fit, compare and switch them.

use serde::{Deserialize, Serialize};

use super::bgnbd::BgNbd;
use super::mbgnbd::MbgNbd;
use super::pareto_nbd::ParetoNbd;
use super::pmf;
use super::prior::Prior;
use super::special::hyp2f1;
use super::summary::Rft;
use super::FitError;

/// Which purchase-count model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    Bgnbd,
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
    ParetoNbd,
    /// MBG/NBD (Batislam et al. 2007).
    Mbgnbd,
}

impl ModelKind {
    /// Every model.
    pub const ALL: [ModelKind; 3] = [ModelKind::Bgnbd, ModelKind::ParetoNbd, ModelKind::Mbgnbd];

    /// The model's name.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Bgnbd => "BG/NBD",
            ModelKind::ParetoNbd => "Pareto/NBD",
            ModelKind::Mbgnbd => "MBG/NBD",
        }
    }

    /// Which of the four parameters are time scales (the others are shapes).
    pub fn time_scales(self) -> [bool; 4] {
        match self {
            ModelKind::ParetoNbd => [false, true, false, true],
            _ => [false, true, false, false],
        }
    }

    /// Names of the four parameters.
    pub fn param_names(self) -> [&'static str; 4] {
        match self {
            ModelKind::ParetoNbd => ["r", "alpha", "s", "beta"],
            _ => ["r", "alpha", "a", "b"],
        }
    }
}

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

/// A fitted purchase-count model.
#[derive(Debug, Clone, PartialEq)]
pub enum CountModel {
    /// BG/NBD.
    Bgnbd(BgNbd),
    /// Pareto/NBD.
    ParetoNbd(ParetoNbd),
    /// MBG/NBD.
    Mbgnbd(MbgNbd),
}

impl CountModel {
    /// Fits the model of `kind`.
    pub fn fit(kind: ModelKind, data: &[Rft]) -> Result<CountModel, FitError> {
        CountModel::fit_from(kind, data, None, FitMethod::MaximumLikelihood)
    }

    /// Fits the model of `kind` by `method`, starting from a fitted BG/NBD when one is given (the three
    /// models share r and alpha; a warm start saves most of the search).
    pub fn fit_from(
        kind: ModelKind,
        data: &[Rft],
        bg: Option<&BgNbd>,
        method: FitMethod,
    ) -> Result<CountModel, FitError> {
        let start = bg.map(|m| match kind {
            ModelKind::ParetoNbd => [m.r, m.alpha, 1.0, m.alpha],
            _ => [m.r, m.alpha, m.a, m.b],
        });
        CountModel::fit_at(kind, data, start, method)
    }

    /// Fits the model of `kind` by `method` from `start` (default: all parameters 1).
    pub fn fit_at(
        kind: ModelKind,
        data: &[Rft],
        start: Option<[f64; 4]>,
        method: FitMethod,
    ) -> Result<CountModel, FitError> {
        let prior = match method {
            FitMethod::MaximumLikelihood => None,
            FitMethod::Regularised => Some(Prior::for_data(data, kind.time_scales())),
        };
        // A regularised fit starts at the prior's centre, inside the region the prior allows.
        let start = start.or(prior.map(|p| p.log_centre.map(f64::exp)));
        let prior = prior.as_ref();
        Ok(match kind {
            ModelKind::Bgnbd => CountModel::Bgnbd(BgNbd::fit_from(data, start, prior)?),
            ModelKind::ParetoNbd => CountModel::ParetoNbd(ParetoNbd::fit_from(data, start, prior)?),
            ModelKind::Mbgnbd => CountModel::Mbgnbd(MbgNbd::fit_from(data, start, prior)?),
        })
    }

    /// The model of `kind` at given parameters (read from a saved fit), checked to be positive and
    /// finite; it carries no likelihood, standard errors or covariance.
    pub fn from_params(kind: ModelKind, p: [f64; 4]) -> Result<CountModel, FitError> {
        let names = kind.param_names();
        super::check_params(
            kind.name(),
            &[
                (names[0], p[0]),
                (names[1], p[1]),
                (names[2], p[2]),
                (names[3], p[3]),
            ],
        )?;
        let (ll, se) = (f64::NAN, [f64::NAN; 4]);
        Ok(match kind {
            ModelKind::Bgnbd => CountModel::Bgnbd(BgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
                log_likelihood: ll,
                std_errors: se,
                covariance: None,
            }),
            ModelKind::ParetoNbd => CountModel::ParetoNbd(ParetoNbd {
                r: p[0],
                alpha: p[1],
                s: p[2],
                beta: p[3],
                log_likelihood: ll,
                std_errors: se,
                covariance: None,
            }),
            ModelKind::Mbgnbd => CountModel::Mbgnbd(MbgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
                log_likelihood: ll,
                std_errors: se,
                covariance: None,
            }),
        })
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

    /// Which model this is.
    pub fn kind(&self) -> ModelKind {
        match self {
            CountModel::Bgnbd(_) => ModelKind::Bgnbd,
            CountModel::ParetoNbd(_) => ModelKind::ParetoNbd,
            CountModel::Mbgnbd(_) => ModelKind::Mbgnbd,
        }
    }

    /// The parameters, in the order of `ModelKind::param_names`.
    pub fn params(&self) -> [f64; 4] {
        match self {
            CountModel::Bgnbd(m) => [m.r, m.alpha, m.a, m.b],
            CountModel::ParetoNbd(m) => [m.r, m.alpha, m.s, m.beta],
            CountModel::Mbgnbd(m) => [m.r, m.alpha, m.a, m.b],
        }
    }

    /// The same model with other parameters (for draws from their sampling distribution).
    pub fn with_params(&self, p: [f64; 4]) -> CountModel {
        let mut m = self.clone();
        match &mut m {
            CountModel::Bgnbd(x) => (x.r, x.alpha, x.a, x.b) = (p[0], p[1], p[2], p[3]),
            CountModel::ParetoNbd(x) => (x.r, x.alpha, x.s, x.beta) = (p[0], p[1], p[2], p[3]),
            CountModel::Mbgnbd(x) => (x.r, x.alpha, x.a, x.b) = (p[0], p[1], p[2], p[3]),
        }
        m
    }

    /// Log-likelihood at the fit.
    pub fn log_likelihood(&self) -> f64 {
        match self {
            CountModel::Bgnbd(m) => m.log_likelihood,
            CountModel::ParetoNbd(m) => m.log_likelihood,
            CountModel::Mbgnbd(m) => m.log_likelihood,
        }
    }

    /// Standard errors of the parameters.
    pub fn std_errors(&self) -> [f64; 4] {
        match self {
            CountModel::Bgnbd(m) => m.std_errors,
            CountModel::ParetoNbd(m) => m.std_errors,
            CountModel::Mbgnbd(m) => m.std_errors,
        }
    }

    /// Covariance of the parameters, when the Hessian was invertible.
    pub fn covariance(&self) -> Option<&Vec<Vec<f64>>> {
        match self {
            CountModel::Bgnbd(m) => m.covariance.as_ref(),
            CountModel::ParetoNbd(m) => m.covariance.as_ref(),
            CountModel::Mbgnbd(m) => m.covariance.as_ref(),
        }
    }

    /// Probability that a customer with history (x, t_x, T) is alive.
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        match self {
            CountModel::Bgnbd(m) => m.p_alive(x, t_x, t),
            CountModel::ParetoNbd(m) => m.p_alive(x, t_x, t),
            CountModel::Mbgnbd(m) => m.p_alive(x, t_x, t),
        }
    }

    /// Expected purchases in the next `horizon` time units given the history (x, t_x, T).
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        match self {
            CountModel::Bgnbd(m) => m.expected_purchases(horizon, x, t_x, t),
            CountModel::ParetoNbd(m) => m.expected_purchases(horizon, x, t_x, t),
            CountModel::Mbgnbd(m) => m.expected_purchases(horizon, x, t_x, t),
        }
    }

    /// Expected purchases in the next `horizon` time units of a customer with x repeat purchases observed
    /// for T, if alive now; times `p_alive` it is `expected_purchases`.
    pub fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        match self {
            CountModel::Bgnbd(m) => m.expected_if_alive(horizon, x, t),
            CountModel::ParetoNbd(m) => m.expected_if_alive(horizon, x, t),
            CountModel::Mbgnbd(m) => m.expected_if_alive(horizon, x, t),
        }
    }

    /// Expected repeat purchases of a new customer in `t` time units.
    pub fn unconditional_expected(&self, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        match self {
            CountModel::Bgnbd(m) => m.unconditional_expected(t),
            CountModel::ParetoNbd(m) => {
                let (r, alpha, s, beta) = (m.r, m.alpha, m.s, m.beta);
                Some(r * beta / (alpha * (s - 1.0)) * (1.0 - (beta / (beta + t)).powf(s - 1.0)))
            }
            CountModel::Mbgnbd(m) => {
                let (r, alpha, a, b) = (m.r, m.alpha, m.a, m.b);
                let h = hyp2f1(r, b + 1.0, a + b, t / (alpha + t))?;
                Some(b / (a - 1.0) * (1.0 - h * (alpha / (alpha + t)).powf(r)))
            }
        }
    }
}
