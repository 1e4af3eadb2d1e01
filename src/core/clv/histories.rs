//! Customers grouped by equal purchase history (x, t_x, T): a likelihood is a weighted sum over the
//! groups. Transaction files record days, so many customers share a history (all one-time buyers who
//! started on the same day), and each likelihood evaluation does a third of the work or less.

use super::special::rising_table;
use super::summary::Rft;
use super::ValueAndGradient;

/// The distinct (x, t_x, T) of a set of customers, each with how many customers have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Histories {
    /// Repeat purchases.
    pub x: Vec<u32>,
    /// Recency.
    pub t_x: Vec<f64>,
    /// Age.
    pub t: Vec<f64>,
    /// Customers with this history.
    pub weight: Vec<f64>,
    /// The largest x.
    pub max_x: u32,
}

impl Histories {
    /// Groups `data` by equal (frequency, recency, T).
    pub fn new(data: &[Rft]) -> Histories {
        Histories::indexed(data).0
    }

    /// Groups `data` by equal (frequency, recency, T), with the group of each customer.
    pub fn indexed(data: &[Rft]) -> (Histories, Vec<usize>) {
        let key = |i: usize| (data[i].frequency, data[i].recency, data[i].t);
        let mut order: Vec<usize> = (0..data.len()).collect();
        order.sort_unstable_by(|&i, &j| {
            let (a, b) = (key(i), key(j));
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
        });
        let mut h = Histories {
            x: Vec::new(),
            t_x: Vec::new(),
            t: Vec::new(),
            weight: Vec::new(),
            max_x: data.iter().map(|c| c.frequency).max().unwrap_or(0),
        };
        let mut group = vec![0; data.len()];
        for i in order {
            let (x, t_x, t) = key(i);
            let last = h.x.len().wrapping_sub(1);
            if h.x.last() == Some(&x) && h.t_x[last] == t_x && h.t[last] == t {
                h.weight[last] += 1.0;
            } else {
                h.x.push(x);
                h.t_x.push(t_x);
                h.t.push(t);
                h.weight.push(1.0);
            }
            group[i] = h.x.len() - 1;
        }
        (h, group)
    }

    /// Number of distinct histories.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }
}

/// Running sums of 1 / (a + k) for k below n, for every n from 0 to `max_n`: the derivative of
/// `ln_rising(a, n)` with respect to a.
pub fn harmonic_table(a: f64, max_n: u32) -> Vec<f64> {
    let mut table = Vec::with_capacity(max_n as usize + 1);
    let mut sum = 0.0;
    table.push(0.0);
    for k in 0..max_n {
        sum += 1.0 / (a + f64::from(k));
        table.push(sum);
    }
    table
}

impl Histories {
    /// The sum over the histories of `each`'s log-likelihood and gradient, each times its customers.
    pub fn sum(&self, mut each: impl FnMut(usize) -> (f64, [f64; 4])) -> ValueAndGradient {
        let (mut value, mut g) = (0.0, [0.0; 4]);
        for (i, &w) in self.weight.iter().enumerate() {
            let (v, d) = each(i);
            value += w * v;
            for (gj, dj) in g.iter_mut().zip(d) {
                *gj += w * dj;
            }
        }
        (value, g.to_vec())
    }
}

/// The ln-rising and harmonic tables of r, b and a + b up to `n`, which the beta-geometric dropout models
/// (BG/NBD, MBG/NBD) read per history.
pub struct BetaTables {
    /// ln (r)_k, ln (b)_k, ln (a + b)_k.
    pub rise: [Vec<f64>; 3],
    /// Their derivatives in r, b and a + b.
    pub harm: [Vec<f64>; 3],
}

impl BetaTables {
    /// The tables at r, a, b up to `n`.
    pub fn new(r: f64, a: f64, b: f64, n: u32) -> BetaTables {
        BetaTables {
            rise: [r, b, a + b].map(|v| rising_table(v, n)),
            harm: [r, b, a + b].map(|v| harmonic_table(v, n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_equal_histories_and_keeps_every_customer() {
        let c = |frequency, recency, t| Rft {
            frequency,
            recency,
            t,
            monetary: 0.0,
        };
        let data = [
            c(0, 0.0, 10.0),
            c(2, 3.0, 10.0),
            c(0, 0.0, 10.0),
            c(0, 0.0, 9.0),
            c(2, 3.0, 10.0),
        ];
        let (h, group) = Histories::indexed(&data);
        assert_eq!(h.len(), 3);
        assert_eq!(group, vec![1, 2, 1, 0, 2]);
        assert_eq!(h.x, vec![0, 0, 2]);
        assert_eq!(h.t, vec![9.0, 10.0, 10.0]);
        assert_eq!(h.weight, vec![1.0, 2.0, 2.0]);
        assert_eq!(h.max_x, 2);
    }

    #[test]
    fn harmonic_table_is_the_derivative_of_the_rising_log() {
        let (a, step) = (0.7, 1e-6);
        let t = harmonic_table(a, 6);
        for n in 0..=6u32 {
            let numeric = (super::super::special::ln_rising(a + step, n)
                - super::super::special::ln_rising(a - step, n))
                / (2.0 * step);
            assert!((t[n as usize] - numeric).abs() < 1e-7, "n {n}");
        }
    }
}
