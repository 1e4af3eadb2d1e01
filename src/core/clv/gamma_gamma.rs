//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005b, "RFM and CLV: using iso-value curves"): a
//! customer's transaction values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers.

use statrs::function::gamma::{digamma, ln_gamma};

use super::count::Fitted;
use super::fit::{maximize, Optimum};
use super::summary::Rft;
use super::{FitError, ValueAndGradient};

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGamma {
    /// Shape of each transaction's value.
    p: f64,
    /// Shape of the across-customer gamma.
    q: f64,
    /// Scale of the across-customer gamma (the papers' gamma, lifetimes' v).
    gamma: f64,
}

/// The log-likelihood of one repeat customer with x repeat purchases of mean value m.
pub fn customer_log_likelihood(par: &[f64], x: f64, m: f64) -> f64 {
    let (p, q, v) = (par[0], par[1], par[2]);
    ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
        + q * v.ln()
        + (p * x - 1.0) * m.ln()
        + p * x * x.ln()
        - (p * x + q) * (x * m + v).ln()
}

/// The summed log-likelihood of repeat customers (x, m) at `par` = [p, q, gamma], with its gradient;
/// `max_x` is their largest x. The gamma functions depend on x alone and are worked out once per x.
pub fn log_likelihood(par: &[f64], repeat: &[(u32, f64)], max_x: u32) -> ValueAndGradient {
    let (p, q, v) = (par[0], par[1], par[2]);
    let (ln_v, digamma_q, ln_gamma_q) = (v.ln(), digamma(q), ln_gamma(q));
    // Per x: the terms free of m, and digamma(px + q) and digamma(px).
    let per_x: Vec<(f64, f64, f64)> = (0..=max_x)
        .map(|x| {
            let x = f64::from(x.max(1));
            let (px, both) = (p * x, p * x + q);
            let free = ln_gamma(both) - ln_gamma(px) - ln_gamma_q + q * ln_v + px * x.ln();
            (free, digamma(both), digamma(px))
        })
        .collect();
    let mut value = 0.0;
    let mut g = [0.0; 3];
    for &(x, m) in repeat {
        let (free, psi_both, psi_px) = per_x[x as usize];
        let xf = f64::from(x);
        let (ln_m, ln_total) = (m.ln(), (xf * m + v).ln());
        value += free + (p * xf - 1.0) * ln_m - (p * xf + q) * ln_total;
        g[0] += xf * (psi_both - psi_px + ln_m + xf.ln() - ln_total);
        g[1] += psi_both - digamma_q + ln_v - ln_total;
        g[2] += q / v - (p * xf + q) / (xf * m + v);
    }
    (value, g.to_vec())
}

impl GammaGamma {
    /// A model with given parameters (such as published ones), each checked to be positive and finite.
    pub fn new(p: f64, q: f64, gamma: f64) -> Result<GammaGamma, FitError> {
        super::check_params("Gamma-Gamma", &[("p", p), ("q", q), ("gamma", gamma)])?;
        Ok(GammaGamma { p, q, gamma })
    }

    /// The model at `p` = [p, q, gamma], unchecked: draws from the fit's sampling distribution, positive
    /// by construction.
    pub(super) fn at([p, q, gamma]: [f64; 3]) -> GammaGamma {
        GammaGamma { p, q, gamma }
    }

    /// p, q and gamma.
    pub fn params(&self) -> [f64; 3] {
        [self.p, self.q, self.gamma]
    }

    /// Fits on the customers with at least one repeat purchase and a positive mean spend.
    pub fn fit(data: &[Rft]) -> Result<Fitted<GammaGamma, 3>, FitError> {
        const MODEL: &str = "Gamma-Gamma";
        let repeat = repeat_spend(data);
        if repeat.len() < 2 {
            return Err(FitError::Degenerate {
                model: MODEL.into(),
                reason: "fewer than two customers with repeat purchases".into(),
            });
        }
        let max_x = repeat.iter().map(|c| c.0).max().unwrap_or(1);
        let ll = |p: &[f64]| log_likelihood(p, &repeat, max_x);
        let Optimum {
            params,
            log_likelihood,
            std_errors,
            covariance,
        } = maximize(MODEL, &ll, &[1.0, 1.0, 1.0])?;
        let model = GammaGamma {
            p: params[0],
            q: params[1],
            gamma: params[2],
        };
        let std_errors = [std_errors[0], std_errors[1], std_errors[2]];
        Ok(Fitted::from_parts(
            model,
            log_likelihood,
            std_errors,
            covariance,
        ))
    }

    /// Expected mean transaction value of a customer with x repeat purchases of mean m (the population
    /// mean for x = 0).
    pub fn expected_spend(&self, x: u32, m: f64) -> f64 {
        let xf = f64::from(x);
        self.p * (self.gamma + xf * m) / (self.p * xf + self.q - 1.0)
    }
}

/// The (repeat purchases, mean spend) of the customers of `data` Gamma-Gamma learns from: those with a
/// repeat purchase and a positive mean spend.
fn repeat_spend(data: &[Rft]) -> Vec<(u32, f64)> {
    data.iter()
        .filter(|c| c.frequency > 0 && c.monetary > 0.0)
        .map(|c| (c.frequency, c.monetary))
        .collect()
}

/// Pearson correlation of frequency and mean spend among those customers (Gamma-Gamma assumes none).
pub fn frequency_spend_correlation(data: &[Rft]) -> f64 {
    correlation(&repeat_spend(data))
}

fn correlation(pairs: &[(u32, f64)]) -> f64 {
    let pairs: Vec<(f64, f64)> = pairs.iter().map(|&(x, m)| (f64::from(x), m)).collect();
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clv::fit::assert_gradient;

    #[test]
    fn gradient_equals_finite_differences() {
        let repeat = [(1, 20.0), (3, 35.5), (7, 12.0), (2, 60.0)];
        let direct = |par: &[f64]| -> f64 {
            repeat
                .iter()
                .map(|&(x, m)| customer_log_likelihood(par, f64::from(x), m))
                .sum()
        };
        for point in [[6.25, 3.74, 15.44], [0.8, 2.5, 40.0]] {
            assert_gradient(|p| log_likelihood(p, &repeat, 7), &point);
            let value = log_likelihood(&point, &repeat, 7).0;
            assert!((value - direct(&point)).abs() < 1e-9 * value.abs());
        }
    }
}
