//! MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right after
//! the first purchase, so customers with no repeat purchase are not certain to be alive.

use super::fit::{fit4, ValueAndGradient};
use super::histories::{harmonic_table, Histories};
use super::prior::Prior;
use super::special::{hyp2f1, log_add_exp, rising_table};
use super::summary::Rft;
use super::FitError;

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

/// The summed log-likelihood of `h` at `p` = [r, alpha, a, b], with its gradient.
pub fn log_likelihood(p: &[f64], h: &Histories) -> ValueAndGradient {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    let n = h.max_x + 1;
    let (rise_r, rise_b, rise_ab) = (
        rising_table(r, n),
        rising_table(b, n),
        rising_table(a + b, n),
    );
    let (harm_r, harm_b, harm_ab) = (
        harmonic_table(r, n),
        harmonic_table(b, n),
        harmonic_table(a + b, n),
    );
    let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
    let mut value = 0.0;
    let mut g = [0.0; 4];
    for i in 0..h.len() {
        let (x, t_x, t, w) = (h.x[i], h.t_x[i], h.t[i], h.weight[i]);
        let (k, xf) = (x as usize, f64::from(x));
        let (ln_t, ln_tx) = ((alpha + t).ln(), (alpha + t_x).ln());
        // ln of (r)_x alpha^r (b)_(x+1) / (a + b)_(x+1) / (alpha + T)^(r+x), times 1 + the odds of
        // having dropped out.
        let odds = ln_a - (b + xf).ln() + (r + xf) * (ln_t - ln_tx);
        let dropped = 1.0 / (1.0 + (-odds).exp());
        let ll = rise_r[k] + r * ln_alpha + rise_b[k + 1] - rise_ab[k + 1] - (r + xf) * ln_t
            + log_add_exp(odds, 0.0);
        let d = [
            harm_r[k] + ln_alpha - ln_t + dropped * (ln_t - ln_tx),
            r / alpha - (r + xf) / (alpha + t)
                + dropped * (r + xf) * (1.0 / (alpha + t) - 1.0 / (alpha + t_x)),
            -harm_ab[k + 1] + dropped / a,
            harm_b[k + 1] - harm_ab[k + 1] - dropped / (b + xf),
        ];
        value += w * ll;
        for (gj, dj) in g.iter_mut().zip(d) {
            *gj += w * dj;
        }
    }
    (value, g.to_vec())
}

impl MbgNbd {
    /// A model with given parameters (such as published ones), each checked to be positive and finite;
    /// it has no fit, so its log-likelihood and standard errors are NaN.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<MbgNbd, FitError> {
        super::check_params("MBG/NBD", &[("r", r), ("alpha", alpha), ("a", a), ("b", b)])?;
        Ok(MbgNbd {
            r,
            alpha,
            a,
            b,
            log_likelihood: f64::NAN,
            std_errors: [f64::NAN; 4],
            covariance: None,
        })
    }

    /// Fits the model by maximum likelihood.
    pub fn fit(data: &[Rft]) -> Result<MbgNbd, FitError> {
        MbgNbd::fit_from(data, None, None)
    }

    /// Fits the model by maximum likelihood from `start` (default: all parameters 1), or with a `prior` by
    /// maximum a posteriori (the regularised fit).
    pub fn fit_from(
        data: &[Rft],
        start: Option<[f64; 4]>,
        prior: Option<&Prior>,
    ) -> Result<MbgNbd, FitError> {
        let h = Histories::new(data);
        let f = fit4("MBG/NBD", data, start, prior, |p| log_likelihood(p, &h))?;
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
        Some(self.p_alive(x, t_x, t) * self.expected_if_alive(horizon, x, t)?)
    }

    /// Expected purchases in the next `horizon` time units of a customer with x repeat purchases
    /// observed for T, if alive now.
    pub fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let h = hyp2f1(
            r + xf,
            b + xf + 1.0,
            a + b + xf,
            horizon / (alpha + t + horizon),
        )?;
        let first = (a + b + xf) / (a - 1.0);
        Some(first * (1.0 - h * ((alpha + t) / (alpha + t + horizon)).powf(r + xf)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clv::fit::{assert_gradient, sample_histories};

    #[test]
    fn gradient_equals_finite_differences() {
        let h = Histories::new(&sample_histories());
        for point in [[0.24, 4.4, 0.79, 2.4], [1.3, 0.8, 2.5, 0.3]] {
            assert_gradient(|p| log_likelihood(p, &h), &point);
        }
    }
}
