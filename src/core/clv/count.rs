//! What the three purchase-count models share: `CountProcess`, what a model at its parameters predicts and
//! how it is fitted, and `Fitted`, a model with what its fit measured. A model built from given parameters
//! is not a `Fitted`, so it carries no likelihood or standard errors to misread.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use super::fit::Fit4;
use super::prior::Prior;
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

/// A purchase-count model at its parameters.
pub trait CountProcess {
    /// Which model this is.
    fn kind(&self) -> ModelKind;

    /// The parameters, in the order of `ModelKind::param_names`.
    fn params(&self) -> [f64; 4];

    /// Probability that a customer with history (x, t_x, T) is still alive.
    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64;

    /// Expected purchases in the next `horizon` time units of a customer with x repeat purchases observed
    /// for T, if alive now; times `p_alive` it is `expected_purchases`.
    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64>;

    /// Expected repeat purchases of a new customer in `t` time units (0 for t at or below 0).
    fn unconditional_expected(&self, t: f64) -> Option<f64>;

    /// Expected purchases in the next `horizon` time units of a customer with history (x, t_x, T); `None`
    /// where a series does not settle.
    fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        Some(self.p_alive(x, t_x, t) * self.expected_if_alive(horizon, x, t)?)
    }

    /// The model at `p` (in the order of `ModelKind::param_names`), unchecked: `new` checks given
    /// parameters, a fit's are positive by construction.
    fn at(p: [f64; 4]) -> Self
    where
        Self: Sized;

    /// Fits the model by maximum likelihood from `start` (default: all parameters 1), or with a `prior` by
    /// maximum a posteriori (the regularised fit).
    fn fit_from(
        data: &[Rft],
        start: Option<[f64; 4]>,
        prior: Option<&Prior>,
    ) -> Result<Fitted<Self>, FitError>
    where
        Self: Sized;

    /// The model at given parameters (such as published ones), each checked to be positive and finite.
    fn new(p: [f64; 4]) -> Result<Self, FitError>
    where
        Self: Sized,
    {
        let model = Self::at(p);
        let kind = model.kind();
        let named: Vec<(&'static str, f64)> = kind.param_names().into_iter().zip(p).collect();
        super::check_params(kind.name(), &named)?;
        Ok(model)
    }

    /// Fits the model by maximum likelihood.
    fn fit(data: &[Rft]) -> Result<Fitted<Self>, FitError>
    where
        Self: Sized,
    {
        Self::fit_from(data, None, None)
    }
}

/// A model of `N` parameters fitted to data: the model, the log-likelihood at the fit, the standard
/// errors of the parameters and their covariance (the inverse Hessian, when it was invertible). It reads
/// as the model it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted<M, const N: usize = 4> {
    model: M,
    log_likelihood: f64,
    std_errors: [f64; N],
    covariance: Option<Vec<Vec<f64>>>,
}

impl<M: CountProcess> Fitted<M> {
    /// The model a fit found, with what the fit measured.
    pub(super) fn of(fit: Fit4) -> Fitted<M> {
        Fitted::from_parts(
            M::at(fit.params),
            fit.log_likelihood,
            fit.std_errors,
            fit.covariance,
        )
    }
}

impl<M, const N: usize> Fitted<M, N> {
    /// `model` with what its fit measured.
    pub(super) fn from_parts(
        model: M,
        log_likelihood: f64,
        std_errors: [f64; N],
        covariance: Option<Vec<Vec<f64>>>,
    ) -> Fitted<M, N> {
        Fitted {
            model,
            log_likelihood,
            std_errors,
            covariance,
        }
    }

    /// The model.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The log-likelihood at the fit.
    pub fn log_likelihood(&self) -> f64 {
        self.log_likelihood
    }

    /// Standard errors of the parameters.
    pub fn std_errors(&self) -> [f64; N] {
        self.std_errors
    }

    /// Covariance of the parameters, when the Hessian was invertible.
    pub fn covariance(&self) -> Option<&Vec<Vec<f64>>> {
        self.covariance.as_ref()
    }

    /// The same fit holding `f` of the model (such as the model wrapped in `CountModel`).
    pub fn map<T>(self, f: impl FnOnce(M) -> T) -> Fitted<T, N> {
        Fitted {
            model: f(self.model),
            log_likelihood: self.log_likelihood,
            std_errors: self.std_errors,
            covariance: self.covariance,
        }
    }
}

impl<M, const N: usize> Deref for Fitted<M, N> {
    type Target = M;

    fn deref(&self) -> &M {
        &self.model
    }
}

/// The plumbing of a count model's `CountProcess` impl, the same for each: which model it is, its four
/// parameters (the fields, in the order of `ModelKind::param_names`, or a parameter type the model wraps)
/// and its fit, by `fit4`, of its log-likelihood over the grouped histories (or of the one `objective`
/// makes of them, for a model that builds a table of them first).
macro_rules! plumbing {
    ($kind:expr, $params:ident, $ll:path) => {
        $crate::core::clv::count::plumbing!(@fit $kind, histories, move |p| $ll(p, histories));

        fn params(&self) -> [f64; 4] {
            self.0.get()
        }

        fn at(p: [f64; 4]) -> Self {
            Self($params::at(p))
        }
    };
    ($kind:expr, [$($field:ident),*], $ll:path) => {
        $crate::core::clv::count::plumbing!(@ $kind, [$($field),*], histories, move |p| $ll(p, histories));
    };
    ($kind:expr, [$($field:ident),*], objective = $objective:path) => {
        $crate::core::clv::count::plumbing!(@ $kind, [$($field),*], histories, $objective(histories));
    };
    (@ $kind:expr, [$($field:ident),*], $h:ident, $objective:expr) => {
        $crate::core::clv::count::plumbing!(@fit $kind, $h, $objective);

        fn params(&self) -> [f64; 4] {
            [$(self.$field),*]
        }

        fn at([$($field),*]: [f64; 4]) -> Self {
            Self { $($field),* }
        }
    };
    (@fit $kind:expr, $h:ident, $objective:expr) => {
        fn kind(&self) -> $crate::core::clv::count::ModelKind {
            $kind
        }

        fn fit_from(
            data: &[$crate::core::clv::summary::Rft],
            start: Option<[f64; 4]>,
            prior: Option<&$crate::core::clv::prior::Prior>,
        ) -> Result<$crate::core::clv::count::Fitted<Self>, $crate::core::clv::FitError> {
            let grouped = $crate::core::clv::histories::Histories::new(data);
            let $h = &grouped;
            $crate::core::clv::fit::fit4($kind.name(), data, start, prior, $objective)
                .map($crate::core::clv::count::Fitted::of)
        }
    };
}
pub(super) use plumbing;

#[cfg(test)]
mod tests {
    use super::super::fit::{assert_gradient, sample_histories};
    use super::super::histories::Histories;
    use super::super::{bgnbd, mbgnbd};

    #[test]
    fn beta_geometric_gradients_equal_finite_differences() {
        let h = Histories::new(&sample_histories());
        for point in [[0.24, 4.4, 0.79, 2.4], [1.3, 0.8, 2.5, 0.3]] {
            assert_gradient(|p| bgnbd::log_likelihood(p, &h), &point);
            assert_gradient(|p| mbgnbd::log_likelihood(p, &h), &point);
        }
    }
}
