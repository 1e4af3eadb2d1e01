//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases while alive are Poisson with Gamma(r, alpha)
//! rates; lifetimes are exponential with Gamma(s, beta) rates. The likelihood follows Fader & Hardie's
//! note "A note on deriving the Pareto/NBD model" (2005), with the Gauss hypergeometric function.

use rustc_hash::FxHashMap;

use super::count::{plumbing, CountProcess, ModelKind};
use super::histories::{harmonic_table, Histories};
use super::special::{ln_hyp2f1_next, ln_rising, log_add_exp, rising_table};
use super::ValueAndGradient;

/// The Pareto/NBD model at its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoNbd {
    /// Shape of the purchase-rate gamma.
    r: f64,
    /// Scale of the purchase-rate gamma.
    alpha: f64,
    /// Shape of the dropout-rate gamma.
    s: f64,
    /// Scale of the dropout-rate gamma.
    beta: f64,
}

/// A value with its gradient in (r, alpha, s, beta).
type Graded = (f64, [f64; 4]);

/// ln(2F1(r+s+x, second; r+s+x+1; (hi - lo) / (hi + t)) / (hi + t)^(r+s+x)), one of the two terms of the
/// note's A0, with its gradient; hi and lo are the larger and smaller of alpha and beta.
fn end_term(p: &[f64], x: u32, t: f64) -> Option<Graded> {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let xf = f64::from(x);
    let rho = r + s + xf;
    // (hi, lo, second) and which parameter each is (0 r, 1 alpha, 2 s, 3 beta).
    let (hi, lo, second, i_hi, i_lo, i_second) = if alpha < beta {
        (beta, alpha, r + xf, 3, 1, 0)
    } else {
        (alpha, beta, s + 1.0, 1, 3, 2)
    };
    let z = (hi - lo) / (hi + t);
    let [ln_f, f_rho, f_second, f_z] = ln_hyp2f1_next(rho, second, z)?;
    let ln_end = (hi + t).ln();
    let mut d = [0.0; 4];
    for i in [0, 2] {
        d[i] += f_rho - ln_end;
    }
    d[i_second] += f_second;
    d[i_hi] += f_z * (lo + t) / ((hi + t) * (hi + t)) - rho / (hi + t);
    d[i_lo] -= f_z / (hi + t);
    Some((ln_f - rho * ln_end, d))
}

/// ln A0 = ln(e^last - e^end) from the two end terms; `None` when it is zero (last purchase at the end).
fn log_a0((last, d_last): Graded, (end, d_end): Graded) -> Option<Graded> {
    let q = (end - last).exp();
    if q >= 1.0 {
        return None;
    }
    let mut d = [0.0; 4];
    for i in 0..4 {
        d[i] = (d_last[i] - q * d_end[i]) / (1.0 - q);
    }
    Some((last + (-q).ln_1p(), d))
}

/// The log-likelihood of one history with its gradient, given ln (r)_x and its r-derivative and A0.
fn history(p: &[f64], x: u32, t: f64, rising_r: Graded, a0: Option<Graded>) -> Graded {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let xf = f64::from(x);
    let (ln_alpha, ln_beta) = (alpha.ln(), beta.ln());
    let (ln_at, ln_bt) = ((alpha + t).ln(), (beta + t).ln());
    let alive = -(r + xf) * ln_at - s * ln_bt;
    let d_alive = [-ln_at, -(r + xf) / (alpha + t), -ln_bt, -s / (beta + t)];
    let mut value = rising_r.0 + r * ln_alpha + s * ln_beta;
    let mut d = [rising_r.1[0] + ln_alpha, r / alpha, ln_beta, s / beta];
    let Some((la0, d_a0)) = a0 else {
        for i in 0..4 {
            d[i] += d_alive[i];
        }
        return (value + alive, d);
    };
    let rho = r + s + xf;
    let dropped = s.ln() + la0 - rho.ln();
    let mut d_dropped = d_a0;
    d_dropped[0] -= 1.0 / rho;
    d_dropped[2] += 1.0 / s - 1.0 / rho;
    let both = log_add_exp(alive, dropped);
    let (w_alive, w_dropped) = ((alive - both).exp(), (dropped - both).exp());
    for i in 0..4 {
        d[i] += w_alive * d_alive[i] + w_dropped * d_dropped[i];
    }
    value += both;
    (value, d)
}

/// The log-likelihood of one customer.
pub fn customer_log_likelihood(p: &[f64], x: u32, t_x: f64, t: f64) -> f64 {
    let (Some(last), Some(end)) = (end_term(p, x, t_x), end_term(p, x, t)) else {
        return f64::NEG_INFINITY;
    };
    let rising = (
        ln_rising(p[0], x),
        [harmonic_table(p[0], x)[x as usize], 0.0, 0.0, 0.0],
    );
    history(p, x, t, rising, log_a0(last, end)).0
}

/// The distinct (x, t) pairs whose end terms a likelihood needs (t is a recency or an age), and for each
/// history which pair is its last purchase and which its end.
struct Ends {
    pairs: Vec<(u32, f64)>,
    last: Vec<usize>,
    end: Vec<usize>,
}

impl Ends {
    fn new(h: &Histories) -> Ends {
        let mut index: FxHashMap<(u32, u64), usize> = FxHashMap::default();
        let mut pairs = Vec::new();
        let mut at = |x: u32, t: f64| {
            *index.entry((x, t.to_bits())).or_insert_with(|| {
                pairs.push((x, t));
                pairs.len() - 1
            })
        };
        let last = (0..h.len()).map(|i| at(h.x[i], h.t_x[i])).collect();
        let end = (0..h.len()).map(|i| at(h.x[i], h.t[i])).collect();
        Ends { pairs, last, end }
    }
}

/// The summed log-likelihood of `h` at `p` = [r, alpha, s, beta], with its gradient; `ends` are `h`'s.
fn log_likelihood(p: &[f64], h: &Histories, ends: &Ends) -> ValueAndGradient {
    let terms: Option<Vec<Graded>> = ends.pairs.iter().map(|&(x, t)| end_term(p, x, t)).collect();
    let Some(terms) = terms else {
        return (f64::NEG_INFINITY, vec![0.0; 4]);
    };
    let (rise, harm) = (rising_table(p[0], h.max_x), harmonic_table(p[0], h.max_x));
    h.sum(|i| {
        let k = h.x[i] as usize;
        let a0 = log_a0(terms[ends.last[i]], terms[ends.end[i]]);
        history(p, h.x[i], h.t[i], (rise[k], [harm[k], 0.0, 0.0, 0.0]), a0)
    })
}

/// The log-likelihood of `h` as a function of the parameters, for the fit (its end terms' table built
/// once).
fn objective(h: &Histories) -> impl Fn(&[f64]) -> ValueAndGradient + '_ {
    let ends = Ends::new(h);
    move |p| log_likelihood(p, h, &ends)
}

impl CountProcess for ParetoNbd {
    plumbing!(
        ModelKind::ParetoNbd,
        [r, alpha, s, beta],
        objective = objective
    );

    fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let xf = f64::from(x);
        let p = self.params();
        let (Some(last), Some(end)) = (end_term(&p, x, t_x), end_term(&p, x, t)) else {
            return f64::NAN;
        };
        let la0 = log_a0(last, end).map_or(f64::NEG_INFINITY, |a| a.0);
        let e = self.s.ln() - (self.r + self.s + xf).ln()
            + (self.r + xf) * (self.alpha + t).ln()
            + self.s * (self.beta + t).ln()
            + la0;
        1.0 / (1.0 + e.exp())
    }

    /// As the trait's, but `None` where the result is not finite (a term of `p_alive` did not settle).
    fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> Option<f64> {
        let v = self.p_alive(x, t_x, t) * self.expected_if_alive(horizon, x, t)?;
        v.is_finite().then_some(v)
    }

    /// Expected purchases in the next `horizon` time units of a customer with x repeat purchases
    /// observed for T, if alive now: (r + x)(beta + T) / (alpha + T) times
    /// (1 - ((beta + T) / (beta + T + horizon))^(s - 1)) / (s - 1), whose limit at s = 1 is a log.
    fn expected_if_alive(&self, horizon: f64, x: u32, t: f64) -> Option<f64> {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let ln_kept = ((beta + t) / (beta + t + horizon)).ln();
        let share = if (s - 1.0).abs() < 1e-12 {
            -ln_kept
        } else {
            -((s - 1.0) * ln_kept).exp_m1() / (s - 1.0)
        };
        let v = (r + f64::from(x)) * (beta + t) / (alpha + t) * share;
        v.is_finite().then_some(v)
    }

    fn unconditional_expected(&self, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        Some(r * beta / (alpha * (s - 1.0)) * (1.0 - (beta / (beta + t)).powf(s - 1.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clv::fit::{assert_gradient, sample_histories};

    #[test]
    fn gradient_equals_finite_differences() {
        let h = Histories::new(&sample_histories());
        let ends = Ends::new(&h);
        for point in [
            [0.55, 10.6, 0.61, 11.7],
            [0.55, 10.6, 0.61, 3.0],
            [1.2, 2.0, 1.5, 9.0],
        ] {
            assert_gradient(|p| log_likelihood(p, &h, &ends), &point);
        }
    }
}
