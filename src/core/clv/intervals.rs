//! Draws of the models' parameters for the CLV intervals, and how they were made: from the fit's own
//! curvature when it has one (the normal approximation at the maximum, or the Laplace approximation of
//! the regularised fit's posterior), otherwise from a bootstrap over customers (as CLVTools offers), so an
//! interval never collapses to a point because the Hessian is singular.

use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::count::Fitted;
use super::gamma_gamma::GammaGamma;
use super::model::{CountModel, FitMethod};
use super::summary::Rft;
use crate::core::linalg::cholesky;
use crate::core::seed::{Draw, Seed};

/// Draws from the fit's curvature.
const CURVATURE_DRAWS: usize = 20;
/// Refits on customers resampled with replacement, when the fit has no curvature to draw from.
pub const BOOTSTRAP_RESAMPLES: usize = 12;

/// How the 90 % intervals were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Draws from the normal approximation at the maximum-likelihood estimate.
    Curvature,
    /// Draws from the Laplace approximation of the regularised fit's posterior.
    Posterior,
    /// Refits on customers resampled with replacement.
    Bootstrap,
    /// No draw could be made.
    Unavailable,
}

impl IntervalMethod {
    /// The method in a sentence.
    pub fn sentence(self) -> String {
        match self {
            IntervalMethod::Curvature => format!("90 % intervals: {CURVATURE_DRAWS} draws of the parameters from their sampling distribution at the maximum likelihood (the inverse Hessian)."),
            IntervalMethod::Posterior => format!("90 % intervals: {CURVATURE_DRAWS} draws of the parameters from the regularised fit's posterior (its Laplace approximation)."),
            IntervalMethod::Bootstrap => format!("90 % intervals: a bootstrap over customers ({BOOTSTRAP_RESAMPLES} refits on customers resampled with replacement), because the likelihood has no usable curvature at this fit."),
            IntervalMethod::Unavailable => "No intervals: neither the fit's curvature nor refits on resampled customers gave parameter draws.".into(),
        }
    }
}

/// Parameter draws of the purchase model and of Gamma-Gamma (either list may be empty: the fitted
/// parameters then stand in for it).
pub struct Draws {
    /// Purchase-model parameters.
    pub count: Vec<[f64; 4]>,
    /// Gamma-Gamma's p, q, gamma.
    pub spend: Vec<[f64; 3]>,
}

/// The draws for `model` (fitted by `method` on `data`) and `spend`, and how the purchase model's were made.
pub fn draws(
    model: &Fitted<CountModel>,
    method: FitMethod,
    data: &[Rft],
    spend: Option<&Fitted<GammaGamma, 3>>,
    seed: Seed,
) -> (Draws, IntervalMethod) {
    let spend_draws = spend
        .and_then(|s| Some((s, s.covariance()?)))
        .and_then(|(spend, c)| {
            draw_params(
                &spend.params(),
                c,
                CURVATURE_DRAWS,
                seed.of(Draw::SpendIntervals),
            )
        })
        .unwrap_or_default()
        .into_iter()
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let curvature = model.covariance().and_then(|c| {
        draw_params(
            &model.params(),
            c,
            CURVATURE_DRAWS,
            seed.of(Draw::CountIntervals),
        )
    });
    let (count, how) = match curvature {
        Some(d) => (
            d.into_iter().map(|p| [p[0], p[1], p[2], p[3]]).collect(),
            match method {
                FitMethod::MaximumLikelihood => IntervalMethod::Curvature,
                FitMethod::Regularised => IntervalMethod::Posterior,
            },
        ),
        None => {
            let b = bootstrap(model, method, data, seed.of(Draw::CountIntervals));
            let how = if b.is_empty() {
                IntervalMethod::Unavailable
            } else {
                IntervalMethod::Bootstrap
            };
            (b, how)
        }
    };
    (
        Draws {
            count,
            spend: spend_draws,
        },
        how,
    )
}

/// The model refitted on `BOOTSTRAP_RESAMPLES` resamples of the customers, each from the fitted
/// parameters; resamples whose fit fails are left out.
fn bootstrap(model: &CountModel, method: FitMethod, data: &[Rft], seed: u64) -> Vec<[f64; 4]> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (0..BOOTSTRAP_RESAMPLES)
        .filter_map(|_| {
            let sample: Vec<Rft> = (0..data.len())
                .map(|_| data[rng.gen_range(0..data.len())])
                .collect();
            CountModel::fit_at(model.kind(), &sample, Some(model.params()), method)
                .ok()
                .map(|m| m.params())
        })
        .collect()
}

/// Draws `n` parameter vectors from a normal approximation of the log-parameters' sampling distribution
/// (the delta method on the covariance), so every draw is positive. `None` without a usable covariance.
pub fn draw_params(
    params: &[f64],
    covariance: &[Vec<f64>],
    n: usize,
    seed: u64,
) -> Option<Vec<Vec<f64>>> {
    let k = params.len();
    let log_cov: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| covariance[i][j] / (params[i] * params[j]))
                .collect()
        })
        .collect();
    let l = cholesky(&log_cov)?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut normal = move || {
        // Box-Muller.
        let (u, v): (f64, f64) = (rng.gen::<f64>().max(f64::MIN_POSITIVE), rng.gen());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    Some(
        (0..n)
            .map(|_| {
                let z: Vec<f64> = (0..k).map(|_| normal()).collect();
                (0..k)
                    .map(|i| (params[i].ln() + (0..=i).map(|j| l[i][j] * z[j]).sum::<f64>()).exp())
                    .collect()
            })
            .collect(),
    )
}
