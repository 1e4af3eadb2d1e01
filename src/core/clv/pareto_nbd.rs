//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases while alive are Poisson with Gamma(r, alpha)
//! rates; lifetimes are exponential with Gamma(s, beta) rates. The likelihood follows Fader & Hardie's
//! note "A note on deriving the Pareto/NBD model" (2005), with the Gauss hypergeometric function.

use statrs::function::gamma::ln_gamma;

use super::fit::fit4;
use super::special::{hyp2f1, ln_rising, log_add_exp, rising_table};
use super::summary::Rft;
use super::ClvError;

/// A fitted Pareto/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma.
    pub alpha: f64,
    /// Shape of the dropout-rate gamma.
    pub s: f64,
    /// Scale of the dropout-rate gamma.
    pub beta: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors of r, alpha, s, beta.
    pub std_errors: [f64; 4],
    /// Covariance of the parameters (inverse Hessian), when invertible.
    pub covariance: Option<Vec<Vec<f64>>>,
}

/// ln A0 of the note: ln(2F1(..; z1) / (max + t_x)^(r+s+x) - 2F1(..; z2) / (max + T)^(r+s+x)).
fn log_a0(p: &[f64], x: f64, t_x: f64, t: f64) -> Option<f64> {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let (lo, hi, second) = if alpha < beta {
        (alpha, beta, r + x)
    } else {
        (beta, alpha, s + 1.0)
    };
    let rsx = r + s + x;
    let l1 = hyp2f1(rsx, second, rsx + 1.0, (hi - lo) / (hi + t_x))?.ln() - rsx * (hi + t_x).ln();
    let l2 = hyp2f1(rsx, second, rsx + 1.0, (hi - lo) / (hi + t))?.ln() - rsx * (hi + t).ln();
    Some(l1 + (-(l2 - l1).exp()).ln_1p())
}

/// The log-likelihood of one customer.
pub fn customer_log_likelihood(p: &[f64], x: u32, t_x: f64, t: f64) -> f64 {
    terms(p, x, t_x, t, ln_rising(p[0], x))
}

/// The likelihood given ln_rising(r, x).
fn terms(p: &[f64], x: u32, t_x: f64, t: f64, rising_r: f64) -> f64 {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let xf = f64::from(x);
    let Some(la0) = log_a0(p, xf, t_x, t) else {
        return f64::NEG_INFINITY;
    };
    let a1 = rising_r + r * alpha.ln() + s * beta.ln();
    let alive = -(r + xf) * (alpha + t).ln() - s * (beta + t).ln();
    a1 + log_add_exp(alive, s.ln() + la0 - (r + s + xf).ln())
}

/// The summed log-likelihood of `data` at `p` = [r, alpha, s, beta].
pub fn log_likelihood(p: &[f64], data: &[Rft]) -> f64 {
    let table = rising_table(p[0], data.iter().map(|c| c.frequency).max().unwrap_or(0));
    data.iter()
        .map(|c| terms(p, c.frequency, c.recency, c.t, table[c.frequency as usize]))
        .sum()
}

impl ParetoNbd {
    /// Fits the model by maximum likelihood.
    pub fn fit(data: &[Rft]) -> Result<ParetoNbd, ClvError> {
        ParetoNbd::fit_from(data, None)
    }

    /// Fits the model by maximum likelihood from `start` (default: all parameters 1).
    pub fn fit_from(data: &[Rft], start: Option<[f64; 4]>) -> Result<ParetoNbd, ClvError> {
        let f = fit4("Pareto/NBD", data, start, |p| log_likelihood(p, data))?;
        Ok(ParetoNbd {
            r: f.params[0],
            alpha: f.params[1],
            s: f.params[2],
            beta: f.params[3],
            log_likelihood: f.log_likelihood,
            std_errors: f.std_errors,
            covariance: f.covariance,
        })
    }

    fn params(&self) -> [f64; 4] {
        [self.r, self.alpha, self.s, self.beta]
    }

    /// Probability that a customer with history (x, t_x, T) is still alive.
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let xf = f64::from(x);
        let Some(la0) = log_a0(&self.params(), xf, t_x, t) else {
            return f64::NAN;
        };
        let e = self.s.ln() - (self.r + self.s + xf).ln()
            + (self.r + xf) * (self.alpha + t).ln()
            + self.s * (self.beta + t).ln()
            + la0;
        1.0 / (1.0 + e.exp())
    }

    /// Expected purchases in the next `horizon` time units.
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let xf = f64::from(x);
        let ll = customer_log_likelihood(&self.params(), x, t_x, t);
        if !ll.is_finite() {
            return None;
        }
        let first = ln_gamma(r + xf) - ln_gamma(r) + r * alpha.ln() + s * beta.ln()
            - (r + xf) * (alpha + t).ln()
            - s * (beta + t).ln();
        let second = (r + xf).ln() + (beta + t).ln() - (alpha + t).ln();
        let third = ((1.0 - ((beta + t) / (beta + t + horizon)).powf(s - 1.0)) / (s - 1.0)).ln();
        let v = (first + second + third - ll).exp();
        v.is_finite().then_some(v)
    }
}
