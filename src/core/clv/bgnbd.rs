//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases while alive follow
//! a Poisson process with Gamma(r, alpha) rates; after each purchase a customer drops out with a
//! Beta(a, b) probability.

use super::count::{plumbing, CountProcess, ModelKind};
use super::histories::{BetaTables, Histories};
use super::special::{hyp2f1, log_add_exp};
use super::ValueAndGradient;

/// The parameters BG/NBD and MBG/NBD share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaParams {
    /// Shape of the purchase-rate gamma.
    pub(super) r: f64,
    /// Scale of the purchase-rate gamma (in time units).
    pub(super) alpha: f64,
    /// Beta dropout, first shape.
    pub(super) a: f64,
    /// Beta dropout, second shape.
    pub(super) b: f64,
}

impl BetaParams {
    /// r, alpha, a, b.
    pub(super) fn get(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }

    /// The parameters `[r, alpha, a, b]`.
    pub(super) fn at([r, alpha, a, b]: [f64; 4]) -> BetaParams {
        BetaParams { r, alpha, a, b }
    }
}

/// The BG/NBD model at its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbd(BetaParams);

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
    plumbing!(ModelKind::Bgnbd, BetaParams, log_likelihood);

    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        if x == 0 {
            return 1.0;
        }
        let xf = f64::from(x);
        let ratio = self.0.a / (self.0.b + xf - 1.0)
            * ((self.0.alpha + t) / (self.0.alpha + t_x)).powf(self.0.r + xf);
        1.0 / (1.0 + ratio)
    }

    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        let BetaParams { r, alpha, a, b } = self.0;
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
        let BetaParams { r, alpha, a, b } = self.0;
        let z = horizon / (alpha + horizon);
        let h = hyp2f1(r, b, a + b - 1.0, z)?;
        Some((a + b - 1.0) / (a - 1.0) * (1.0 - (alpha / (alpha + horizon)).powf(r) * h))
    }
}
