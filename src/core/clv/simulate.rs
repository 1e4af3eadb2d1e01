//! Customers drawn from known model parameters: for recovery tests, benchmarks and what-if studies.

use rand::{Rng, SeedableRng};
use statrs::distribution::{Beta, Gamma};

use super::summary::Rft;

/// `n` customers from BG/NBD with parameters (r, alpha, a, b): purchase rates Gamma(r, alpha), dropout
/// probability Beta(a, b) after each repeat purchase, each observed for T uniform in [t_min, t_max] from
/// the first purchase. `None` for invalid parameters.
pub fn bgnbd(
    n: usize,
    (r, alpha, a, b): (f64, f64, f64, f64),
    (t_min, t_max): (f64, f64),
    seed: u64,
) -> Option<Vec<Rft>> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let rates = Gamma::new(r, alpha).ok()?;
    let dropout = Beta::new(a, b).ok()?;
    Some(
        (0..n)
            .map(|_| {
                let lambda: f64 = rng.sample(rates);
                let p: f64 = rng.sample(dropout);
                let t = t_min + (t_max - t_min) * rng.gen::<f64>();
                let (mut now, mut x, mut last) = (0.0, 0u32, 0.0);
                loop {
                    now += -(1.0 - rng.gen::<f64>()).ln() / lambda;
                    if now > t {
                        break;
                    }
                    x += 1;
                    last = now;
                    if rng.gen::<f64>() < p {
                        break;
                    }
                }
                Rft {
                    frequency: x,
                    recency: last,
                    t,
                    monetary: 0.0,
                }
            })
            .collect(),
    )
}

/// Gives every customer with repeat purchases a mean spend from Gamma-Gamma (p, q, gamma): a customer's
/// nu ~ Gamma(q, gamma), each purchase Gamma(p, nu). `None` for invalid parameters.
pub fn gamma_gamma(customers: &mut [Rft], (p, q, gamma): (f64, f64, f64), seed: u64) -> Option<()> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let nus = Gamma::new(q, gamma).ok()?;
    for c in customers.iter_mut().filter(|c| c.frequency > 0) {
        let nu: f64 = rng.sample(nus);
        let each = Gamma::new(p, nu).ok()?;
        c.monetary =
            (0..c.frequency).map(|_| rng.sample(each)).sum::<f64>() / f64::from(c.frequency);
    }
    Some(())
}
