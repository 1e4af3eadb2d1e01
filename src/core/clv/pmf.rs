//! The probability of exactly n repeat purchases in t time units, for a new customer and for a customer
//! with a history, under each count model.
//!
//! A customer alive at T with history (x, t_x, T) buys afterwards as a new customer would under the
//! posterior of the individual parameters: purchase rate Gamma(r + x, alpha + T), and for BG/NBD a
//! dropout probability Beta(a, b + x) (MBG/NBD: b + x + 1, the drop at the first purchase survived too),
//! for Pareto/NBD a dropout rate Gamma(s, beta + T). So P(X(T, T + t) = n) = P(alive) P_new(n) under
//! those parameters, plus 1 - P(alive) at n = 0. The new-customer formulas are Fader, Hardie & Lee
//! (2005) eq. 8 (BG/NBD) and Batislam et al. (2007) (MBG/NBD) as lifetimes 0.11.3's
//! `probability_of_n_purchases_up_to_time` computes them; for Pareto/NBD the lifetime integral is done
//! numerically and checked against lifetimes' `conditional_probability_of_n_purchases_up_to_time`
//! (Fader & Hardie 2006, note 028, eq. 16).

/// P(X = n | NBD(r, alpha)) over t for n = 0..=n_max: Gamma-mixed Poisson counts.
fn nbd(r: f64, alpha: f64, t: f64, n_max: u32) -> Vec<f64> {
    let (stay, go) = (alpha / (alpha + t), t / (alpha + t));
    let mut p = vec![stay.powf(r)];
    for n in 1..=n_max {
        let prev = p[n as usize - 1];
        p.push(prev * (r + f64::from(n) - 1.0) / f64::from(n) * go);
    }
    p
}

/// A new customer's P(X(t) = n), n = 0..=n_max, when after each purchase (and, if `drop_at_start`, at
/// the first one too) the customer drops out with a Beta(a, b) probability.
pub fn beta_geometric(
    [r, alpha, a, b]: [f64; 4],
    t: f64,
    n_max: u32,
    drop_at_start: bool,
) -> Vec<f64> {
    let counts = nbd(r, alpha, t, n_max);
    // B(a, b + k) / B(a, b) as a running product.
    let shift = if drop_at_start { 1.0 } else { 0.0 };
    let ratio = |k: f64| -> f64 {
        let mut v = 1.0;
        let mut j = 0.0;
        while j < k {
            v *= (b + j) / (a + b + j);
            j += 1.0;
        }
        v
    };
    let mut below: f64 = 0.0;
    (0..=n_max)
        .map(|n| {
            let nf = f64::from(n);
            let still = ratio(nf + shift) * counts[n as usize];
            // Dropped after the n-th purchase (or at the start, for n = 0 under MBG/NBD): B(a + 1, b + n
            // - 1 + shift) / B(a, b) = a / (a + b + n - 1 + shift) * B(a, b + n - 1 + shift) / B(a, b).
            let dropped = if n == 0 && !drop_at_start {
                0.0
            } else {
                let k = nf - 1.0 + shift;
                a / (a + b + k) * ratio(k) * f64::max(1.0 - below, 0.0)
            };
            below += counts[n as usize];
            still + dropped
        })
        .collect()
}

/// Composite Simpson intervals of the Pareto/NBD lifetime integral.
const SIMPSON_STEPS: usize = 1024;

/// A new customer's P(X(t) = n), n = 0..=n_max, under Pareto/NBD: purchases at a Gamma(r, alpha) rate
/// until an exponential lifetime with a Gamma(s, beta) rate ends. The integral over a lifetime ending
/// before t is taken on u = ln(1 + tau / c), c = min(alpha, beta), where the integrand is smooth.
pub fn pareto([r, alpha, s, beta]: [f64; 4], t: f64, n_max: u32) -> Vec<f64> {
    let survive = (beta / (beta + t)).powf(s);
    let mut p: Vec<f64> = nbd(r, alpha, t, n_max)
        .into_iter()
        .map(|v| survive * v)
        .collect();
    if t <= 0.0 {
        return p;
    }
    let c = alpha.min(beta);
    let top = (t / c).ln_1p();
    let h = top / SIMPSON_STEPS as f64;
    for i in 0..=SIMPSON_STEPS {
        let u = h * i as f64;
        let tau = c * u.exp_m1();
        // The lifetime's density at tau times d tau / d u.
        let density = s * beta.powf(s) / (beta + tau).powf(s + 1.0) * c * u.exp();
        let weight = match i {
            0 => 1.0,
            _ if i == SIMPSON_STEPS => 1.0,
            _ if i % 2 == 1 => 4.0,
            _ => 2.0,
        } * h
            / 3.0;
        for (pn, v) in p.iter_mut().zip(nbd(r, alpha, tau, n_max)) {
            *pn += weight * density * v;
        }
    }
    p
}

/// P(X(T, T + t) = n) for a customer alive with probability `alive`, whose purchases if alive follow
/// `if_alive` (the new-customer probabilities under the posterior parameters).
pub fn conditional(alive: f64, if_alive: Vec<f64>) -> Vec<f64> {
    if_alive
        .into_iter()
        .enumerate()
        .map(|(n, v)| alive * v + if n == 0 { 1.0 - alive } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_sum_to_one_over_enough_counts() {
        let bg = beta_geometric([0.243, 4.414, 0.793, 2.426], 39.0, 400, false);
        let mbg = beta_geometric([0.525, 6.183, 0.891, 1.614], 39.0, 400, true);
        let pnbd = pareto([0.553, 10.578, 0.606, 11.669], 39.0, 400);
        for p in [bg, mbg, pnbd] {
            let total: f64 = p.iter().sum();
            assert!((total - 1.0).abs() < 1e-6, "{total}");
            assert!(p.iter().all(|v| *v >= 0.0));
        }
        assert_eq!(pareto([1.0, 1.0, 1.0, 1.0], 0.0, 2), vec![1.0, 0.0, 0.0]);
    }
}
