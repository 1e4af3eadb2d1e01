//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005b, "RFM and CLV: using iso-value curves"): a
//! customer's transaction values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers.

use statrs::function::gamma::ln_gamma;

use super::fit::{maximize, Optimum};
use super::summary::Rft;
use super::ClvError;

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGamma {
    /// Shape of each transaction's value.
    pub p: f64,
    /// Shape of the across-customer gamma.
    pub q: f64,
    /// Scale of the across-customer gamma (the papers' gamma, lifetimes' v).
    pub gamma: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors of p, q, gamma.
    pub std_errors: [f64; 3],
    /// Covariance of the parameters (inverse Hessian), when invertible.
    pub covariance: Option<Vec<Vec<f64>>>,
    /// Pearson correlation of frequency and mean spend among repeat customers (the model assumes none).
    pub frequency_spend_correlation: f64,
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

impl GammaGamma {
    /// Fits on the customers with at least one repeat purchase and a positive mean spend.
    pub fn fit(data: &[Rft]) -> Result<GammaGamma, ClvError> {
        const MODEL: &str = "Gamma-Gamma";
        let repeat: Vec<(f64, f64)> = data
            .iter()
            .filter(|c| c.frequency > 0 && c.monetary > 0.0)
            .map(|c| (f64::from(c.frequency), c.monetary))
            .collect();
        if repeat.len() < 2 {
            return Err(ClvError::Degenerate {
                model: MODEL,
                reason: "fewer than two customers with repeat purchases".into(),
            });
        }
        let ll = |p: &[f64]| {
            repeat
                .iter()
                .map(|&(x, m)| customer_log_likelihood(p, x, m))
                .sum::<f64>()
        };
        let Optimum {
            params,
            log_likelihood,
            std_errors,
            covariance,
        } = maximize(MODEL, &ll, &[1.0, 1.0, 1.0])?;
        Ok(GammaGamma {
            p: params[0],
            q: params[1],
            gamma: params[2],
            log_likelihood,
            std_errors: [std_errors[0], std_errors[1], std_errors[2]],
            covariance,
            frequency_spend_correlation: correlation(&repeat),
        })
    }

    /// Expected mean transaction value of a customer with x repeat purchases of mean m (the population
    /// mean for x = 0).
    pub fn expected_spend(&self, x: u32, m: f64) -> f64 {
        let xf = f64::from(x);
        self.p * (self.gamma + xf * m) / (self.p * xf + self.q - 1.0)
    }
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}
