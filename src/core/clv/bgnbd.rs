//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases while alive follow
//! a Poisson process with Gamma(r, alpha) rates; after each purchase a customer drops out with a
//! Beta(a, b) probability.

use super::count::{CountProcess, Fitted, ModelKind};
use super::fit::fit4;
use super::histories::{harmonic_table, Histories};
use super::prior::Prior;
use super::special::{hyp2f1, log_add_exp, rising_table};
use super::summary::Rft;
use super::{FitError, ValueAndGradient};

/// The BG/NBD model at its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbd {
    /// Shape of the purchase-rate gamma.
    r: f64,
    /// Scale of the purchase-rate gamma (in time units).
    alpha: f64,
    /// Beta dropout, first shape.
    a: f64,
    /// Beta dropout, second shape.
    b: f64,
}

/// The summed log-likelihood of `h` at `p` = [r, alpha, a, b], with its gradient.
pub fn log_likelihood(p: &[f64], h: &Histories) -> ValueAndGradient {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    let n = h.max_x;
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
    let ln_alpha = alpha.ln();
    let mut value = 0.0;
    let mut g = [0.0; 4];
    for i in 0..h.len() {
        let (x, t_x, t, w) = (h.x[i], h.t_x[i], h.t[i], h.weight[i]);
        let (k, xf) = (x as usize, f64::from(x));
        // ln of (r)_x alpha^r (b)_x / (a + b)_x, then of the alive and dropped-out terms.
        let mut ll = rise_r[k] + r * ln_alpha + rise_b[k] - rise_ab[k];
        let mut d = [
            harm_r[k] + ln_alpha,
            r / alpha,
            -harm_ab[k],
            harm_b[k] - harm_ab[k],
        ];
        let ln_t = (alpha + t).ln();
        let alive = -(r + xf) * ln_t;
        if x == 0 {
            ll += alive;
            d[0] -= ln_t;
            d[1] -= (r + xf) / (alpha + t);
        } else {
            let ln_tx = (alpha + t_x).ln();
            let dropped = a.ln() - (b + xf - 1.0).ln() - (r + xf) * ln_tx;
            let both = log_add_exp(alive, dropped);
            let (w_alive, w_dropped) = ((alive - both).exp(), (dropped - both).exp());
            ll += both;
            d[0] -= w_alive * ln_t + w_dropped * ln_tx;
            d[1] -= (r + xf) * (w_alive / (alpha + t) + w_dropped / (alpha + t_x));
            d[2] += w_dropped / a;
            d[3] -= w_dropped / (b + xf - 1.0);
        }
        value += w * ll;
        for (gj, dj) in g.iter_mut().zip(d) {
            *gj += w * dj;
        }
    }
    (value, g.to_vec())
}

impl CountProcess for BgNbd {
    fn kind(&self) -> ModelKind {
        ModelKind::Bgnbd
    }

    fn params(&self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }

    fn at([r, alpha, a, b]: [f64; 4]) -> BgNbd {
        BgNbd { r, alpha, a, b }
    }

    fn fit_from(
        data: &[Rft],
        start: Option<[f64; 4]>,
        prior: Option<&Prior>,
    ) -> Result<Fitted<BgNbd>, FitError> {
        let h = Histories::new(data);
        fit4("BG/NBD", data, start, prior, |p| log_likelihood(p, &h)).map(Fitted::of)
    }

    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        if x == 0 {
            return 1.0;
        }
        let xf = f64::from(x);
        let ratio = self.a / (self.b + xf - 1.0)
            * ((self.alpha + t) / (self.alpha + t_x)).powf(self.r + xf);
        1.0 / (1.0 + ratio)
    }

    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let lead = (a + b + xf - 1.0) / (a - 1.0);
        let z = horizon / (alpha + t + horizon);
        let tail = ((alpha + t) / (alpha + t + horizon)).powf(r + xf)
            * hyp2f1(r + xf, b + xf, a + b + xf - 1.0, z)?;
        Some(lead * (1.0 - tail))
    }

    fn unconditional_expected(&self, horizon: f64) -> Option<f64> {
        if horizon <= 0.0 {
            return Some(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let z = horizon / (alpha + horizon);
        let h = hyp2f1(r, b, a + b - 1.0, z)?;
        Some((a + b - 1.0) / (a - 1.0) * (1.0 - (alpha / (alpha + horizon)).powf(r) * h))
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
