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

/// ln 2F1(a, b; a + 1; z) for 0 <= z < 1 with its partial derivatives, as [value, d/da, d/db, d/dz]: the
/// form the Pareto/NBD likelihood needs. Euler's transformation, 2F1(a, b; a + 1; z) =
/// (1 - z)^(1 - b) 2F1(1, a + 1 - b; a + 1; z), gives a series whose terms fall at once when b is large,
/// even near z = 1 (the plain one first grows for thousands of terms there); it is summed until it and
/// its derivatives settle (relative
/// 1e-15), at most 5,000 terms. Needs a, b > 0 and b < a + 1 (so the new series' terms are positive), as
/// in the Pareto/NBD; `None` outside that domain or when a series does not settle.
pub fn ln_hyp2f1_next(a: f64, b: f64, z: f64) -> Option<[f64; 4]> {
    if !((0.0..1.0).contains(&z) && a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return None;
    }
    let (top, bottom) = (a + 1.0 - b, a + 1.0);
    if top <= 0.0 {
        return None;
    }
    // g_n = (top)_n / (bottom)_n z^n; sums of g_n, g_n d ln g_n / da, g_n d ln g_n / db, n g_n.
    let (mut g, mut ga, mut gb, mut gz) = (1.0, 0.0, 0.0, 0.0);
    let (mut term, mut d_a, mut d_b) = (1.0, 0.0, 0.0);
    for n in 0..5_000 {
        let k = f64::from(n);
        d_a += 1.0 / (top + k) - 1.0 / (bottom + k);
        d_b -= 1.0 / (top + k);
        term *= (top + k) / (bottom + k) * z;
        g += term;
        ga += term * d_a;
        gb += term * d_b;
        gz += (k + 1.0) * term;
        if term <= 1e-15 * g
            && (term * d_a).abs() <= 1e-15 * ga.abs()
            && (term * d_b).abs() <= 1e-15 * gb.abs()
            && (k + 1.0) * term <= 1e-15 * gz
        {
            let ln_1mz = (-z).ln_1p();
            let out = [
                (1.0 - b) * ln_1mz + g.ln(),
                ga / g,
                -ln_1mz + gb / g,
                (b - 1.0) / (1.0 - z) + if z > 0.0 { gz / (z * g) } else { top / bottom },
            ];
            return out.iter().all(|v| v.is_finite()).then_some(out);
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
    fn ln_hyp2f1_next_agrees_with_the_plain_series_and_its_derivatives() {
        for &(a, b, z) in &[
            (1.5, 0.7, 0.3),
            (12.5, 12.0, 0.6),
            (30.0, 2.2, 0.95),
            (80.0, 78.0, 0.9),
        ] {
            let [f, fa, fb, fz] = ln_hyp2f1_next(a, b, z).unwrap();
            let plain = |a: f64, b: f64, z: f64| hyp2f1(a, b, a + 1.0, z).unwrap().ln();
            assert!(
                (f - plain(a, b, z)).abs() < 1e-12 * f.abs().max(1.0),
                "{a} {b} {z}"
            );
            let h = 1e-6;
            let numeric = [
                (plain(a + h, b, z) - plain(a - h, b, z)) / (2.0 * h),
                (plain(a, b + h, z) - plain(a, b - h, z)) / (2.0 * h),
                (plain(a, b, z + h) - plain(a, b, z - h)) / (2.0 * h),
            ];
            for (got, want) in [fa, fb, fz].iter().zip(numeric) {
                assert!(
                    (got - want).abs() < 1e-6 * want.abs().max(1.0),
                    "{a} {b} {z}: {got} vs {want}"
                );
            }
        }
        // Near z = 1 with b large (the no-dropout limit of the Pareto/NBD), where the plain series does not
        // settle in 5,000 terms: against 2F1(a, b; a + 1; z) =
        // a * integral over (0, 1) of t^(a-1) (1 - z t)^(-b) dt, by Simpson's rule on a million panels.
        let (a, b, z) = (80.0, 78.0, 0.999);
        assert_eq!(hyp2f1(a, b, a + 1.0, z), None);
        let n = 1_000_000;
        let f = |t: f64| ((a - 1.0) * t.ln() - b * (-z * t).ln_1p()).exp();
        let h = 1.0 / f64::from(n);
        let simpson: f64 = (1..n)
            .map(|i| f(f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
            .sum::<f64>()
            + f(1.0);
        let want = (a * simpson * h / 3.0).ln();
        let got = ln_hyp2f1_next(a, b, z).unwrap()[0];
        assert!((got - want).abs() < 1e-8 * want.abs(), "{got} vs {want}");
        // At z = 0 the value is 1 and the z-derivative the first coefficient, a b / (a + 1).
        assert_eq!(ln_hyp2f1_next(3.0, 2.0, 0.0), Some([0.0, 0.0, 0.0, 1.5]));
        assert_eq!(ln_hyp2f1_next(1.0, 1.0, 1.0), None);
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
