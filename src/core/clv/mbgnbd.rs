//! MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right after
//! the first purchase, so customers with no repeat purchase are not certain to be alive.

use super::bgnbd::BetaParams;
use super::count::{plumbing, CountProcess, ModelKind};
use super::histories::{BetaTables, Histories};
use super::special::{hyp2f1, log_add_exp};
use super::ValueAndGradient;

/// The MBG/NBD model at its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct MbgNbd(BetaParams);

/// The summed log-likelihood of `h` at `p` = [r, alpha, a, b], with its gradient.
pub fn log_likelihood(p: &[f64], h: &Histories) -> ValueAndGradient {
    let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
    // One more than BG/NBD's tables: the likelihood reads (b)_(x+1) and (a + b)_(x+1).
    let BetaTables { rise, harm } = BetaTables::new(r, a, b, h.max_x + 1);
    let ([rise_r, rise_b, rise_ab], [harm_r, harm_b, harm_ab]) = (rise, harm);
    let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
    h.sum(|i| {
        let (x, t_x, t) = (h.x[i], h.t_x[i], h.t[i]);
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
        (ll, d)
    })
}

impl CountProcess for MbgNbd {
    plumbing!(ModelKind::Mbgnbd, BetaParams, log_likelihood);

    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let xf = f64::from(x);
        1.0 / (1.0
            + self.0.a / (self.0.b + xf)
                * ((self.0.alpha + t) / (self.0.alpha + t_x)).powf(self.0.r + xf))
    }

    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        let BetaParams { r, alpha, a, b } = self.0;
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
        let BetaParams { r, alpha, a, b } = self.0;
        let h = hyp2f1(r, b + 1.0, a + b, t / (alpha + t))?;
        Some(b / (a - 1.0) * (1.0 - h * (alpha / (alpha + t)).powf(r)))
    }
}
