//! The regularised fit: a weakly informative log-normal prior on each parameter of a purchase-count
//! model, so that where the likelihood runs off to a limit of the space (no dropout, identical purchase
//! rates) the maximum a posteriori stays finite and its Hessian invertible. This is the penalised
//! likelihood of lifetimes' `penalizer_coef`, taken on the log of the parameters so that it bounds both
//! ends (a parameter tending to 0 as well as to infinity), and the role pymc-marketing's default priors
//! play for its MAP fits.

use super::summary::Rft;
use super::ValueAndGradient;

/// The prior's spread on the log scale: 95 % of its mass lies within a factor e^4 (about 55) of its
/// centre, so any estimate the data support is left where it is.
pub const LOG_SD: f64 = 2.0;

/// Log-normal prior centres of the four parameters of a model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    /// ln of each parameter's centre.
    pub log_centre: [f64; 4],
}

impl Prior {
    /// The prior for `data` of a model whose parameters are [shape, time scale, shape, shape or time
    /// scale]: shapes are centred at 1 and time scales (`scales`, by position) at the customers' median
    /// age, the one time scale the data carry in any unit.
    pub fn for_data(data: &[Rft], scales: [bool; 4]) -> Prior {
        let mut ages: Vec<f64> = data.iter().map(|c| c.t).filter(|t| *t > 0.0).collect();
        ages.sort_by(f64::total_cmp);
        let age = ages.get(ages.len() / 2).copied().unwrap_or(1.0).max(1e-3);
        Prior {
            log_centre: scales.map(|s| if s { age.ln() } else { 0.0 }),
        }
    }

    /// The log-prior density (up to a constant) at `p` and its gradient.
    pub fn log_density(&self, p: &[f64]) -> ValueAndGradient {
        let mut value = 0.0;
        let gradient = p
            .iter()
            .zip(self.log_centre)
            .map(|(&v, m)| {
                let z = (v.ln() - m) / LOG_SD;
                value -= z * z / 2.0;
                -z / (LOG_SD * v)
            })
            .collect();
        (value, gradient)
    }

    /// `ll` plus the log-prior: the log-posterior the regularised fit maximises.
    pub fn posterior<'a, F: Fn(&[f64]) -> ValueAndGradient>(
        &'a self,
        ll: &'a F,
    ) -> impl Fn(&[f64]) -> ValueAndGradient + 'a {
        move |p| {
            let (v, g) = ll(p);
            let (pv, pg) = self.log_density(p);
            (v + pv, g.iter().zip(pg).map(|(a, b)| a + b).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_equals_finite_differences() {
        let prior = Prior {
            log_centre: [0.0, 2.0, 0.0, -1.0],
        };
        super::super::fit::assert_gradient(|p| prior.log_density(p), &[0.3, 12.0, 4.0, 0.01]);
    }

    #[test]
    fn centres_time_scales_at_the_median_age() {
        let data: Vec<Rft> = [10.0, 20.0, 40.0]
            .iter()
            .map(|&t| Rft {
                frequency: 1,
                recency: 1.0,
                t,
                monetary: 0.0,
            })
            .collect();
        let p = Prior::for_data(&data, [false, true, false, false]);
        assert_eq!(p.log_centre, [0.0, 20f64.ln(), 0.0, 0.0]);
        assert_eq!(p.log_density(&[1.0, 20.0, 1.0, 1.0]).0, 0.0);
    }
}
