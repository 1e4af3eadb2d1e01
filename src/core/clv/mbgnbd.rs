//! MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right after
//! the first purchase, so customers with no repeat purchase are not certain to be alive.

use super::count::{CountProcess, Fitted, ModelKind};
use super::fit::fit4;
use super::histories::{harmonic_table, Histories};
use super::prior::Prior;
use super::special::{hyp2f1, log_add_exp, rising_table};
use super::summary::Rft;
use super::{FitError, ValueAndGradient};

/// The MBG/NBD model at its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct MbgNbd {
    /// Shape of the purchase-rate gamma.
    r: f64,
    /// Scale of the purchase-rate gamma.
    alpha: f64,
    /// Beta dropout, first shape.
    a: f64,
    /// Beta dropout, second shape.
    b: f64,
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

impl CountProcess for MbgNbd {
    fn kind(&self) -> ModelKind {
        ModelKind::Mbgnbd
    }

    fn params(&self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }

    fn at([r, alpha, a, b]: [f64; 4]) -> MbgNbd {
        MbgNbd { r, alpha, a, b }
    }

    fn fit_from(
        data: &[Rft],
        start: Option<[f64; 4]>,
        prior: Option<&Prior>,
    ) -> Result<Fitted<MbgNbd>, FitError> {
        let h = Histories::new(data);
        fit4("MBG/NBD", data, start, prior, |p| log_likelihood(p, &h)).map(Fitted::of)
    }

    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let xf = f64::from(x);
        1.0 / (1.0
            + self.a / (self.b + xf) * ((self.alpha + t) / (self.alpha + t_x)).powf(self.r + xf))
    }

    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
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

    fn unconditional_expected(&self, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let h = hyp2f1(r, b + 1.0, a + b, t / (alpha + t))?;
        Some(b / (a - 1.0) * (1.0 - h * (alpha / (alpha + t)).powf(r)))
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
