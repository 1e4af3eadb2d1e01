//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases while alive follow
//! a Poisson process with Gamma(r, alpha) rates; after each purchase a customer drops out with a
//! Beta(a, b) probability.

use super::fit::fit4;
use super::special::{hyp2f1, ln_rising, log_add_exp, rising_table};
use super::summary::Rft;
use super::ClvError;

/// A fitted BG/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (in time units).
    pub alpha: f64,
    /// Beta dropout, first shape.
    pub a: f64,
    /// Beta dropout, second shape.
    pub b: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors of r, alpha, a, b.
    pub std_errors: [f64; 4],
    /// Covariance of the parameters (inverse Hessian), when invertible.
    pub covariance: Option<Vec<Vec<f64>>>,
}

/// The log-likelihood of one customer (x repeat purchases, last at t_x, observed for T).
pub fn customer_log_likelihood(p: &[f64], x: u32, t_x: f64, t: f64) -> f64 {
    let rising = [
        ln_rising(p[0], x),
        ln_rising(p[3], x),
        ln_rising(p[2] + p[3], x),
    ];
    terms(p, x, t_x, t, rising)
}

/// The likelihood given ln_rising of r, b and a + b by x.
fn terms(p: &[f64], x: u32, t_x: f64, t: f64, rising: [f64; 3]) -> f64 {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    let xf = f64::from(x);
    let a1 = rising[0] + r * alpha.ln();
    let a2 = rising[1] - rising[2];
    let a3 = -(r + xf) * (alpha + t).ln();
    if x == 0 {
        return a1 + a2 + a3;
    }
    let a4 = a.ln() - (b + xf - 1.0).ln() - (r + xf) * (alpha + t_x).ln();
    a1 + a2 + log_add_exp(a3, a4)
}

/// The summed log-likelihood of `data` at `p` = [r, alpha, a, b].
pub fn log_likelihood(p: &[f64], data: &[Rft]) -> f64 {
    let max_x = data.iter().map(|c| c.frequency).max().unwrap_or(0);
    let tables = [
        rising_table(p[0], max_x),
        rising_table(p[3], max_x),
        rising_table(p[2] + p[3], max_x),
    ];
    data.iter()
        .map(|c| {
            let x = c.frequency as usize;
            terms(
                p,
                c.frequency,
                c.recency,
                c.t,
                [tables[0][x], tables[1][x], tables[2][x]],
            )
        })
        .sum()
}

impl BgNbd {
    /// Fits the model by maximum likelihood.
    pub fn fit(data: &[Rft]) -> Result<BgNbd, ClvError> {
        BgNbd::fit_from(data, None)
    }

    /// Fits the model by maximum likelihood from `start` (default: all parameters 1).
    pub fn fit_from(data: &[Rft], start: Option<[f64; 4]>) -> Result<BgNbd, ClvError> {
        let f = fit4("BG/NBD", data, start, |p| log_likelihood(p, data))?;
        Ok(BgNbd {
            r: f.params[0],
            alpha: f.params[1],
            a: f.params[2],
            b: f.params[3],
            log_likelihood: f.log_likelihood,
            std_errors: f.std_errors,
            covariance: f.covariance,
        })
    }

    /// Probability that a customer with history (x, t_x, T) is still alive.
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        if x == 0 {
            return 1.0;
        }
        let xf = f64::from(x);
        let ratio = self.a / (self.b + xf - 1.0)
            * ((self.alpha + t) / (self.alpha + t_x)).powf(self.r + xf);
        1.0 / (1.0 + ratio)
    }

    /// Expected purchases in the next `horizon` time units of a customer with history (x, t_x, T);
    /// `None` if the hypergeometric series does not settle.
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let lead = (a + b + xf - 1.0) / (a - 1.0);
        let z = horizon / (alpha + t + horizon);
        let tail = ((alpha + t) / (alpha + t + horizon)).powf(r + xf)
            * hyp2f1(r + xf, b + xf, a + b + xf - 1.0, z)?;
        let denominator = if x > 0 {
            1.0 + a / (b + xf - 1.0) * ((alpha + t) / (alpha + t_x)).powf(r + xf)
        } else {
            1.0
        };
        Some(lead * (1.0 - tail) / denominator)
    }

    /// Expected purchases of a new customer in `horizon` time units.
    pub fn unconditional_expected(&self, horizon: f64) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let z = horizon / (alpha + horizon);
        let h = hyp2f1(r, b, a + b - 1.0, z)?;
        Some((a + b - 1.0) / (a - 1.0) * (1.0 - (alpha / (alpha + horizon)).powf(r) * h))
    }
}
