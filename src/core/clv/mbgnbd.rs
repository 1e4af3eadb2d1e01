//! MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right after
//! the first purchase, so customers with no repeat purchase are not certain to be alive.

use super::fit::fit4;
use super::special::{hyp2f1, ln_rising, log_add_exp, rising_table};
use super::summary::Rft;
use super::ClvError;

/// A fitted MBG/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct MbgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma.
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

/// The log-likelihood of one customer.
pub fn customer_log_likelihood(p: &[f64], x: u32, t_x: f64, t: f64) -> f64 {
    let rising = [
        ln_rising(p[0], x),
        ln_rising(p[3], x + 1),
        ln_rising(p[2] + p[3], x + 1),
    ];
    terms(p, x, t_x, t, rising)
}

/// The likelihood given ln_rising of r by x, and of b and a + b by x + 1.
fn terms(p: &[f64], x: u32, t_x: f64, t: f64, rising: [f64; 3]) -> f64 {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    let xf = f64::from(x);
    let a1 = rising[0] + r * alpha.ln();
    let a2 = rising[1] - rising[2];
    let a3 = -(r + xf) * (alpha + t).ln();
    let a4 = a.ln() - (b + xf).ln() + (r + xf) * ((alpha + t).ln() - (alpha + t_x).ln());
    a1 + a2 + a3 + log_add_exp(a4, 0.0)
}

/// The summed log-likelihood of `data` at `p` = [r, alpha, a, b].
pub fn log_likelihood(p: &[f64], data: &[Rft]) -> f64 {
    let max_x = data.iter().map(|c| c.frequency).max().unwrap_or(0) + 1;
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
                [tables[0][x], tables[1][x + 1], tables[2][x + 1]],
            )
        })
        .sum()
}

impl MbgNbd {
    /// Fits the model by maximum likelihood.
    pub fn fit(data: &[Rft]) -> Result<MbgNbd, ClvError> {
        MbgNbd::fit_from(data, None)
    }

    /// Fits the model by maximum likelihood from `start` (default: all parameters 1).
    pub fn fit_from(data: &[Rft], start: Option<[f64; 4]>) -> Result<MbgNbd, ClvError> {
        let f = fit4("MBG/NBD", data, start, |p| log_likelihood(p, data))?;
        Ok(MbgNbd {
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
        let xf = f64::from(x);
        1.0 / (1.0
            + self.a / (self.b + xf) * ((self.alpha + t) / (self.alpha + t_x)).powf(self.r + xf))
    }

    /// Expected purchases in the next `horizon` time units.
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let h = hyp2f1(
            r + xf,
            b + xf + 1.0,
            a + b + xf,
            horizon / (alpha + t + horizon),
        )?;
        let first = (a + b + xf) / (a - 1.0);
        let second = 1.0 - h * ((alpha + t) / (alpha + t + horizon)).powf(r + xf);
        let denominator = 1.0 + a / (b + xf) * ((alpha + t) / (alpha + t_x)).powf(r + xf);
        Some(first * second / denominator)
    }
}
