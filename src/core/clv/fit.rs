//! Maximum likelihood: Nelder-Mead (argmin) over the log of positive parameters, restarted from its best
//! point until it stops improving, and standard errors from a finite-difference Hessian.

use argmin::core::{CostFunction, Error, Executor, State, TerminationReason};
use argmin::solver::neldermead::NelderMead;

use super::summary::Rft;
use super::ClvError;

/// Nelder-Mead runs, each restarted from the best point of the one before.
const RESTARTS: usize = 4;

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

struct NegLogLik<'a, F: Fn(&[f64]) -> f64> {
    ll: &'a F,
}

impl<F: Fn(&[f64]) -> f64> CostFunction for NegLogLik<'_, F> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, log_params: &Vec<f64>) -> Result<f64, Error> {
        let params: Vec<f64> = log_params.iter().map(|p| p.exp()).collect();
        let v = -(self.ll)(&params);
        Ok(if v.is_finite() { v } else { f64::MAX })
    }
}

/// Maximises `ll` over positive parameters from `start`. `model` names the model in errors.
pub fn maximize<F: Fn(&[f64]) -> f64>(
    model: &'static str,
    ll: &F,
    start: &[f64],
) -> Result<Optimum, ClvError> {
    let mut best: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    let mut best_cost = f64::INFINITY;
    // Stop a run when the simplex's costs agree to 1e-13 of the cost itself: an absolute tolerance
    // would be below the precision of a large sum and make every run go to its iteration cap.
    let start_cost = (-ll(start)).abs();
    let tolerance = 1e-13
        * if start_cost.is_finite() {
            start_cost.max(1.0)
        } else {
            1.0
        };
    let mut settled = false;
    for _ in 0..RESTARTS {
        let mut simplex = vec![best.clone()];
        for i in 0..best.len() {
            let mut p = best.clone();
            p[i] += 0.5;
            simplex.push(p);
        }
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(tolerance)
            .map_err(|e| ClvError::Optimizer {
                model,
                message: e.to_string(),
            })?;
        let result = Executor::new(NegLogLik { ll }, solver)
            .configure(|s| s.max_iters(800))
            .run()
            .map_err(|e| ClvError::Optimizer {
                model,
                message: e.to_string(),
            })?;
        let state = result.state();
        let hit_cap = matches!(
            state.get_termination_reason(),
            Some(TerminationReason::MaxItersReached)
        );
        let cost = state.get_best_cost();
        let param = state
            .get_best_param()
            .cloned()
            .unwrap_or_else(|| best.clone());
        let improved = best_cost - cost;
        best = param;
        best_cost = cost;
        // Done when a restart no longer improves, or when the optimum runs off to a limit (where every
        // restart improves a little for ever).
        let at_limit = at_boundary(&best.iter().map(|p| p.exp()).collect::<Vec<_>>());
        if improved.abs() < 1e-9 || at_limit || !hit_cap {
            settled = true;
            break;
        }
    }
    if !best_cost.is_finite() || best_cost == f64::MAX {
        return Err(ClvError::NoFit { model });
    }
    if !settled {
        return Err(ClvError::NotConverged { model });
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
        log_likelihood: -best_cost,
        std_errors,
        covariance,
        params,
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

/// Checks that `data` has repeat purchases, then maximises `ll` from `start` (default: all ones).
pub fn fit4<F: Fn(&[f64]) -> f64>(
    model: &'static str,
    data: &[Rft],
    start: Option<[f64; 4]>,
    ll: F,
) -> Result<Fit4, ClvError> {
    super::check_data(model, data)?;
    let o = maximize(model, &ll, &start.unwrap_or([1.0; 4]))?;
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

/// The inverse of the negative Hessian of `ll` at `params` (central finite differences).
pub fn covariance<F: Fn(&[f64]) -> f64>(ll: &F, params: &[f64]) -> Option<Vec<Vec<f64>>> {
    let n = params.len();
    let h: Vec<f64> = params.iter().map(|p| 1e-4 * p.abs().max(1e-3)).collect();
    let f = |d: &[(usize, f64)]| {
        let mut p = params.to_vec();
        for &(i, step) in d {
            p[i] += step;
        }
        ll(&p)
    };
    let mut hessian = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i..n {
            let v = if i == j {
                (f(&[(i, h[i])]) - 2.0 * f(&[]) + f(&[(i, -h[i])])) / (h[i] * h[i])
            } else {
                (f(&[(i, h[i]), (j, h[j])])
                    - f(&[(i, h[i]), (j, -h[j])])
                    - f(&[(i, -h[i]), (j, h[j])])
                    + f(&[(i, -h[i]), (j, -h[j])]))
                    / (4.0 * h[i] * h[j])
            };
            hessian[i][j] = -v;
            hessian[j][i] = -v;
        }
    }
    invert(hessian)
}

/// The lower Cholesky factor of a symmetric positive-definite matrix; `None` if it is not one.
pub fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                if d.is_nan() || d <= 0.0 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Gauss-Jordan inversion with partial pivoting; `None` for a singular matrix.
fn invert(mut m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-300 {
            return None;
        }
        m.swap(col, pivot);
        inv.swap(col, pivot);
        let d = m[col][col];
        for j in 0..n {
            m[col][j] /= d;
            inv[col][j] /= d;
        }
        for row in 0..n {
            if row != col {
                let factor = m[row][col];
                for j in 0..n {
                    m[row][j] -= factor * m[col][j];
                    inv[row][j] -= factor * inv[col][j];
                }
            }
        }
    }
    Some(inv)
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
            -n * s.ln() - n * (4.0 + (3.0 - mu).powi(2)) / (2.0 * s * s)
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

    #[test]
    fn cholesky_factors() {
        let l = cholesky(&[vec![4.0, 2.0], vec![2.0, 5.0]]).unwrap();
        assert_eq!(l, vec![vec![2.0, 0.0], vec![1.0, 2.0]]);
        assert!(cholesky(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }

    #[test]
    fn inverts() {
        let inv = invert(vec![vec![4.0, 7.0], vec![2.0, 6.0]]).unwrap();
        assert!((inv[0][0] - 0.6).abs() < 1e-12 && (inv[0][1] + 0.7).abs() < 1e-12);
        assert!(invert(vec![vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
    }
}
