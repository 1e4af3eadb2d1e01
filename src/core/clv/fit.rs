//! Maximum likelihood over the log of positive parameters: L-BFGS (argmin) with the models' analytic
//! gradients, and Nelder-Mead (argmin), restarted until it stops improving, where L-BFGS does not settle
//! (an optimum at a limit of the space, such as no dropout). Standard errors come from the Hessian, by
//! finite differences of the gradient.

use std::cell::RefCell;

use argmin::core::{CostFunction, Error, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::LBFGS;

use super::prior::Prior;
use super::summary::Rft;
use super::{FitError, ValueAndGradient};

/// Runs of each optimiser, each restarted from the best point of the one before.
const RESTARTS: usize = 4;
/// Iterations of one Nelder-Mead run, and of each leg it is checked after.
const NM_RUN: u64 = 800;
const NM_LEG: u64 = 100;

/// The cost where the likelihood is not finite (L-BFGS's line search stops there; a restart backs off).
const OFF_LIMITS: f64 = f64::MAX;

/// A maximum of a log-likelihood.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// The parameters at the maximum.
    pub params: Vec<f64>,
    /// The log-likelihood there.
    pub log_likelihood: f64,
    /// Standard errors from the inverse Hessian (NaN where the Hessian is not invertible).
    pub std_errors: Vec<f64>,
    /// The inverse of the negative Hessian (the parameters' asymptotic covariance), when invertible.
    pub covariance: Option<Vec<Vec<f64>>>,
}

/// A point in log-parameters with its cost and gradient.
type Evaluated = (Vec<f64>, f64, Vec<f64>);

/// The negative log-likelihood over log-parameters, remembering the last point (argmin asks for the cost
/// and the gradient of one point separately).
struct LogSpace<'a, F> {
    ll: &'a F,
    scale: f64,
    last: RefCell<Option<Evaluated>>,
}

impl<F: Fn(&[f64]) -> ValueAndGradient> LogSpace<'_, F> {
    fn eval(&self, log_params: &[f64]) -> (f64, Vec<f64>) {
        if let Some((p, cost, gradient)) = &*self.last.borrow() {
            if p == log_params {
                return (*cost, gradient.clone());
            }
        }
        let params: Vec<f64> = log_params.iter().map(|p| p.exp()).collect();
        let (value, gradient) = (self.ll)(&params);
        let out = if value.is_finite() && gradient.iter().all(|g| g.is_finite()) {
            let gradient = gradient
                .iter()
                .zip(&params)
                .map(|(g, p)| -g * p / self.scale)
                .collect();
            (-value / self.scale, gradient)
        } else {
            (OFF_LIMITS, vec![0.0; params.len()])
        };
        *self.last.borrow_mut() = Some((log_params.to_vec(), out.0, out.1.clone()));
        out
    }
}

impl<F: Fn(&[f64]) -> ValueAndGradient> CostFunction for &LogSpace<'_, F> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, log_params: &Vec<f64>) -> Result<f64, Error> {
        Ok(self.eval(log_params).0)
    }
}

impl<F: Fn(&[f64]) -> ValueAndGradient> Gradient for &LogSpace<'_, F> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, log_params: &Vec<f64>) -> Result<Vec<f64>, Error> {
        Ok(self.eval(log_params).1)
    }
}

/// Maximises `ll` (value and gradient) over positive parameters from `start`. `model` names the model in
/// errors.
pub fn maximize<F: Fn(&[f64]) -> ValueAndGradient>(
    model: &'static str,
    ll: &F,
    start: &[f64],
) -> Result<Optimum, FitError> {
    // The cost is the negative log-likelihood relative to its size at the start, so that tolerances and
    // the first step do not depend on the number of customers.
    let start_value = ll(start).0.abs();
    let space = LogSpace {
        ll,
        scale: if start_value.is_finite() {
            start_value.max(1.0)
        } else {
            1.0
        },
        last: RefCell::new(None),
    };
    let start: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    let (best, best_cost) = match quasi_newton(&space, &start) {
        Some(found) => found,
        None => nelder_mead(model, &space, start)?,
    };
    if best_cost >= OFF_LIMITS {
        return Err(FitError::NoFit {
            model: model.into(),
        });
    }
    let params: Vec<f64> = best.iter().map(|p| p.exp()).collect();
    let covariance = covariance(ll, &params);
    let std_errors = match &covariance {
        Some(c) => (0..params.len())
            .map(|i| {
                if c[i][i] > 0.0 {
                    c[i][i].sqrt()
                } else {
                    f64::NAN
                }
            })
            .collect(),
        None => vec![f64::NAN; params.len()],
    };
    Ok(Optimum {
        log_likelihood: -best_cost * space.scale,
        std_errors,
        covariance,
        params,
    })
}

/// L-BFGS from `start`, restarted from its best point when it stops short (a restart drops the curvature
/// memory that misled its line search). The optimum and its cost once the gradient vanishes or a restart
/// no longer improves; `None` if neither happens.
fn quasi_newton<F: Fn(&[f64]) -> ValueAndGradient>(
    space: &LogSpace<F>,
    start: &[f64],
) -> Option<(Vec<f64>, f64)> {
    let mut best = (start.to_vec(), space.eval(start).0);
    for _ in 0..RESTARTS {
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
            .with_tolerance_grad(1e-9)
            .ok()?
            .with_tolerance_cost(1e-14)
            .ok()?;
        let result = Executor::new(space, solver)
            .configure(|s| s.param(best.0.clone()).max_iters(300))
            .run()
            .ok()?;
        let state = result.state();
        let improved = best.1 - state.get_best_cost();
        if improved > 0.0 {
            best = (state.get_best_param()?.clone(), state.get_best_cost());
        }
        let gradient = space.eval(&best.0).1;
        let settled = gradient.iter().map(|g| g * g).sum::<f64>().sqrt() < 1e-6;
        // A restart that gains under 0.001 in log-likelihood has nothing left to find: either an optimum
        // the gradient test missed by rounding, or a ridge running off to a limit such as no dropout.
        if best.1 < OFF_LIMITS && (settled || improved * space.scale < 1e-3) {
            return Some(best);
        }
    }
    None
}

/// Nelder-Mead from `start`, restarted from its best point until a restart no longer improves.
fn nelder_mead<F: Fn(&[f64]) -> ValueAndGradient>(
    model: &'static str,
    space: &LogSpace<F>,
    start: Vec<f64>,
) -> Result<(Vec<f64>, f64), FitError> {
    let mut best = start;
    let mut best_cost = f64::INFINITY;
    for _ in 0..RESTARTS {
        let mut simplex = vec![best.clone()];
        for i in 0..best.len() {
            let mut p = best.clone();
            p[i] += 0.5;
            simplex.push(p);
        }
        let mut solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-13)
            .map_err(|e| FitError::Optimizer {
                model: model.into(),
                message: e.to_string(),
            })?;
        // One run of NM_RUN iterations, in legs of NM_LEG that continue the same simplex: a leg that ends
        // at a limit of the space ends the run (further on, the Pareto/NBD's series need thousands of
        // terms per customer for a likelihood that no longer changes).
        let mut done = 0;
        let (state, hit_cap) = loop {
            let result = Executor::new(space, solver)
                .configure(|s| s.max_iters(NM_LEG))
                .run()
                .map_err(|e| FitError::Optimizer {
                    model: model.into(),
                    message: e.to_string(),
                })?;
            done += NM_LEG;
            let hit_cap = matches!(
                result.state().get_termination_reason(),
                Some(TerminationReason::MaxItersReached)
            );
            let at_limit = result
                .state()
                .get_best_param()
                .is_some_and(|p| at_boundary(&p.iter().map(|p| p.exp()).collect::<Vec<_>>()));
            if !hit_cap || at_limit || done >= NM_RUN {
                break (result.state, hit_cap);
            }
            solver = result.solver;
        };
        let cost = state.get_best_cost();
        let improved = best_cost - cost;
        if let Some(p) = state.get_best_param() {
            best = p.clone();
        }
        best_cost = cost;
        // Done when a restart no longer improves, or when the optimum runs off to a limit (where every
        // restart improves a little for ever).
        let at_limit = at_boundary(&best.iter().map(|p| p.exp()).collect::<Vec<_>>());
        if improved.abs() < 1e-9 || at_limit || !hit_cap {
            return Ok((best, best_cost));
        }
    }
    Err(FitError::NotConverged {
        model: model.into(),
    })
}

/// The fitted numbers of a four-parameter purchase model.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit4 {
    /// The parameters at the maximum.
    pub params: [f64; 4],
    /// The log-likelihood there.
    pub log_likelihood: f64,
    /// Their standard errors.
    pub std_errors: [f64; 4],
    /// Their covariance, when the Hessian was invertible.
    pub covariance: Option<Vec<Vec<f64>>>,
}

/// Checks that `data` has repeat purchases, then maximises `ll` from `start` (default: all ones), or with
/// a `prior` the log-posterior (its covariance is then the posterior's, and the log-likelihood the data's
/// at the posterior mode).
pub fn fit4<F: Fn(&[f64]) -> ValueAndGradient>(
    model: &'static str,
    data: &[Rft],
    start: Option<[f64; 4]>,
    prior: Option<&Prior>,
    ll: F,
) -> Result<Fit4, FitError> {
    super::check_data(model, data)?;
    let start = start.unwrap_or([1.0; 4]);
    let o = match prior {
        Some(prior) => {
            let mut o = maximize(model, &prior.posterior(&ll), &start)?;
            o.log_likelihood = ll(&o.params).0;
            o
        }
        None => maximize(model, &ll, &start)?,
    };
    let four = |v: &[f64]| [v[0], v[1], v[2], v[3]];
    Ok(Fit4 {
        params: four(&o.params),
        log_likelihood: o.log_likelihood,
        std_errors: four(&o.std_errors),
        covariance: o.covariance,
    })
}

/// True when a parameter ran to the edge of the space (below 1e-6 or above 1e6): the optimum is a limit,
/// such as a dropout probability of zero, and the standard errors mean little.
pub fn at_boundary(params: &[f64]) -> bool {
    params
        .iter()
        .any(|p| !p.is_finite() || *p < 1e-6 || *p > 1e6)
}

/// The inverse of the negative Hessian of `ll` at `params`, by central differences of its gradient.
pub fn covariance<F: Fn(&[f64]) -> ValueAndGradient>(
    ll: &F,
    params: &[f64],
) -> Option<Vec<Vec<f64>>> {
    let n = params.len();
    let mut hessian = vec![vec![0.0; n]; n];
    for j in 0..n {
        let h = 1e-5 * params[j].abs().max(1e-3);
        let at = |step: f64| {
            let mut p = params.to_vec();
            p[j] += step;
            ll(&p).1
        };
        let (up, down) = (at(h), at(-h));
        for i in 0..n {
            hessian[i][j] = -(up[i] - down[i]) / (2.0 * h);
        }
    }
    let symmetric = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (hessian[i][j] + hessian[j][i]) / 2.0)
                .collect()
        })
        .collect();
    crate::core::linalg::invert(symmetric)
}

/// Asserts that the gradient `ll` returns at `p` equals central finite differences of its value.
#[cfg(test)]
pub fn assert_gradient<F: Fn(&[f64]) -> ValueAndGradient>(ll: F, p: &[f64]) {
    let (_, gradient) = ll(p);
    for (i, g) in gradient.iter().enumerate() {
        let h = 1e-6 * p[i];
        let at = |step: f64| {
            let mut q = p.to_vec();
            q[i] += step;
            ll(&q).0
        };
        let numeric = (at(h) - at(-h)) / (2.0 * h);
        assert!(
            (g - numeric).abs() <= 1e-5 * numeric.abs().max(1.0),
            "parameter {i} at {p:?}: analytic {g}, numeric {numeric}"
        );
    }
}

/// A few histories of every kind: no repeat, repeats, a last purchase at the end.
#[cfg(test)]
pub fn sample_histories() -> Vec<Rft> {
    [
        (0, 0.0, 30.0, 0.0),
        (0, 0.0, 12.5, 0.0),
        (1, 4.0, 30.0, 20.0),
        (3, 25.0, 31.0, 35.5),
        (7, 12.0, 40.0, 12.0),
        (2, 18.0, 18.0, 60.0),
    ]
    .iter()
    .map(|&(frequency, recency, t, monetary)| Rft {
        frequency,
        recency,
        t,
        monetary,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_maximum_of_a_known_likelihood() {
        // Normal log-likelihood in (mu, sigma) for data with mean 3 and variance 4 (n = 100):
        // maximum at mu = 3, sigma = 2, with SE(mu) = sigma / sqrt(n) = 0.2, SE(sigma) = sigma / sqrt(2n).
        let n = 100.0;
        let ll = |p: &[f64]| {
            let (mu, s) = (p[0], p[1]);
            let ss = 4.0 + (3.0 - mu).powi(2);
            let value = -n * s.ln() - n * ss / (2.0 * s * s);
            let gradient = vec![n * (3.0 - mu) / (s * s), -n / s + n * ss / (s * s * s)];
            (value, gradient)
        };
        let o = maximize("test", &ll, &[1.0, 1.0]).unwrap();
        assert!(
            (o.params[0] - 3.0).abs() < 1e-5 && (o.params[1] - 2.0).abs() < 1e-5,
            "{:?}",
            o.params
        );
        assert!((o.std_errors[0] - 0.2).abs() < 1e-4);
        assert!((o.std_errors[1] - 2.0 / (200f64).sqrt()).abs() < 1e-4);
    }
}
