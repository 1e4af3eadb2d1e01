//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases while alive follow
//! a Poisson process with Gamma(r, alpha) rates; after each purchase a customer drops out with a
//! Beta(a, b) probability.

use super::count::{plumbing, CountProcess, ModelKind};
use super::histories::{BetaTables, Histories};
use super::special::{hyp2f1, log_add_exp};
use super::ValueAndGradient;

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
    let BetaTables {
        rise: [rise_r, rise_b, rise_ab],
        harm: [harm_r, harm_b, harm_ab],
    } = BetaTables::new(r, a, b, h.max_x);
    let ln_alpha = alpha.ln();
    h.sum(|i| {
        let (x, t_x, t) = (h.x[i], h.t_x[i], h.t[i]);
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
        (ll, d)
    })
}

impl CountProcess for BgNbd {
    plumbing!(ModelKind::Bgnbd, [r, alpha, a, b], log_likelihood);

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
