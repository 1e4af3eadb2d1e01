//! Special functions the CLV models need beyond statrs: the Gauss hypergeometric function and
//! log-sum-exp.

/// Gauss's hypergeometric function 2F1(a, b; c; z) for |z| < 1 by its power series, summed until a term
/// no longer changes the sum (relative 1e-15), at most 5,000 terms. `None` when |z| >= 1 or the series does
/// not settle: a likelihood is then minus infinity there, so the optimizer looks elsewhere, and a
/// prediction is reported as unavailable rather than wrong.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if z.abs() >= 1.0 || !(a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite()) {
        return None;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..5_000 {
        let n = f64::from(n);
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-15 * sum.abs() {
            return sum.is_finite().then_some(sum);
        }
    }
    None
}

/// ln(e^a + e^b) without overflow.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// ln Γ(a + n) - ln Γ(a) for a whole number n >= 0: a sum of logs, exact and fast for small n.
pub fn ln_rising(a: f64, n: u32) -> f64 {
    if n > 64 {
        return statrs::function::gamma::ln_gamma(a + f64::from(n))
            - statrs::function::gamma::ln_gamma(a);
    }
    (0..n).map(|k| (a + f64::from(k)).ln()).sum()
}

/// `ln_rising(a, n)` for every n from 0 to `max_n`, by a running sum: one log per step, shared by all
/// the customers of a likelihood evaluation.
pub fn rising_table(a: f64, max_n: u32) -> Vec<f64> {
    let mut table = Vec::with_capacity(max_n as usize + 1);
    let mut sum = 0.0;
    table.push(0.0);
    for k in 0..max_n {
        sum += (a + f64::from(k)).ln();
        table.push(sum);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyp2f1_known_values() {
        // Closed forms: 2F1(1, 1; 2; z) = -ln(1 - z) / z; 2F1(a, b; b; z) = (1 - z)^-a.
        for z in [-0.9, -0.3, 0.1, 0.5, 0.9, 0.99] {
            let want = -(1.0f64 - z).ln() / z;
            assert!(
                (hyp2f1(1.0, 1.0, 2.0, z).unwrap() - want).abs() < 1e-12 * want.abs(),
                "z {z}"
            );
            let want = (1.0f64 - z).powf(-2.5);
            assert!(
                (hyp2f1(2.5, 1.7, 1.7, z).unwrap() - want).abs() < 1e-11 * want,
                "z {z}"
            );
        }
        // 2F1(1/2, 1/2; 3/2; z^2) = asin(z) / z.
        let z: f64 = 0.7;
        assert!((hyp2f1(0.5, 0.5, 1.5, z * z).unwrap() - z.asin() / z).abs() < 1e-13);
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }

    #[test]
    fn rising_table_matches() {
        let t = rising_table(0.7, 10);
        for n in 0..=10 {
            assert!((t[n as usize] - ln_rising(0.7, n)).abs() < 1e-12);
        }
    }

    #[test]
    fn logs() {
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_add_exp(f64::NEG_INFINITY, 0.0), 0.0);
        let direct =
            statrs::function::gamma::ln_gamma(3.7 + 5.0) - statrs::function::gamma::ln_gamma(3.7);
        assert!((ln_rising(3.7, 5) - direct).abs() < 1e-12);
        assert!(
            (ln_rising(0.3, 100)
                - (statrs::function::gamma::ln_gamma(100.3)
                    - statrs::function::gamma::ln_gamma(0.3)))
            .abs()
                < 1e-9
        );
    }
}
