//! Collaborative filtering on implicit feedback: alternating least squares on customer x item purchase
//! counts (Hu, Koren & Volinsky 2008, "Collaborative filtering for implicit feedback datasets"), judged on
//! each customer's held-out last order against recommending the most popular items.

use serde::{Deserialize, Serialize};

use crate::core::linalg::solve_spd;
use crate::core::parallel;

/// Latent factors.
const FACTORS: usize = 10;
/// Ridge penalty.
const LAMBDA: f64 = 0.1;
/// Confidence per purchase (the paper's alpha).
const ALPHA: f64 = 40.0;
/// Alternations.
const ITERATIONS: usize = 6;

/// A fitted factor model: customer and item vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Als {
    users: Vec<[f64; FACTORS]>,
    items: Vec<[f64; FACTORS]>,
}

/// Hit rate and recall at 10 of a recommender on held-out last orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Share of customers with at least one held-out item among their ten recommendations.
    pub hit_rate: f64,
    /// Mean share of each customer's held-out items among their ten recommendations.
    pub recall: f64,
}

/// The recommender's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Customers whose last order was held out (those with two orders or more).
    pub customers: usize,
    /// Alternating least squares.
    pub als: Score,
    /// The most popular items the customer has not bought.
    pub popularity: Score,
}

/// One half-step: each row's vector given the other side's `fixed` vectors and the row's (column, count)s.
fn update(rows: &[Vec<(usize, f64)>], fixed: &[[f64; FACTORS]]) -> Vec<[f64; FACTORS]> {
    // Lower triangles only: the solve reads no more.
    let mut gram = [[0.0; FACTORS]; FACTORS];
    for v in fixed {
        for i in 0..FACTORS {
            for j in 0..=i {
                gram[i][j] += v[i] * v[j];
            }
        }
    }
    parallel::map(rows, |row| {
        // (Y'Y + Y'(C - I)Y + lambda I) x = Y' C p, with C = 1 + alpha count and p = 1 where bought.
        let mut a = gram;
        let mut b = [0.0; FACTORS];
        for &(col, count) in row {
            let c = 1.0 + ALPHA * count;
            let y = &fixed[col];
            for i in 0..FACTORS {
                b[i] += c * y[i];
                let w = (c - 1.0) * y[i];
                for j in 0..=i {
                    a[i][j] += w * y[j];
                }
            }
        }
        for (i, r) in a.iter_mut().enumerate() {
            r[i] += LAMBDA;
        }
        solve_spd(&a, &b).unwrap_or([0.0; FACTORS])
    })
}

impl Als {
    /// Fits on `counts[customer]` = (item, purchases) pairs over `n_items` items, seeded by `seed`.
    pub fn fit(counts: &[Vec<(usize, f64)>], n_items: usize, seed: u64) -> Als {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut items: Vec<[f64; FACTORS]> = (0..n_items)
            .map(|_| std::array::from_fn(|_| rng.gen_range(-0.01..0.01)))
            .collect();
        let mut by_item: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_items];
        for (u, row) in counts.iter().enumerate() {
            for &(i, c) in row {
                by_item[i].push((u, c));
            }
        }
        let mut users = update(counts, &items);
        for _ in 0..ITERATIONS {
            items = update(&by_item, &users);
            users = update(counts, &items);
        }
        Als { users, items }
    }

    /// The `n` best items for `customer` among those not in `bought`.
    pub fn top(&self, customer: usize, bought: &[usize], n: usize) -> Vec<usize> {
        let u = &self.users[customer];
        let mut owned = vec![false; self.items.len()];
        for &i in bought {
            owned[i] = true;
        }
        let mut scored: Vec<(f64, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| !owned[*i])
            .map(|(i, v)| (u.iter().zip(v).map(|(a, b)| a * b).sum(), i))
            .collect();
        let n = n.min(scored.len());
        if n == 0 {
            return Vec::new();
        }
        scored.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0));
        scored.truncate(n);
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// The `n` items most like `item` (cosine of their vectors).
    pub fn similar(&self, item: usize, n: usize) -> Vec<usize> {
        let norm = |v: &[f64; FACTORS]| v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
        let a = &self.items[item];
        let mut scored: Vec<(f64, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != item)
            .map(|(i, v)| {
                (
                    a.iter().zip(v).map(|(x, y)| x * y).sum::<f64>() / (norm(a) * norm(v)),
                    i,
                )
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.into_iter().take(n).map(|(_, i)| i).collect()
    }
}

/// Holds out each customer's last basket (for customers with two or more), fits on the rest, and scores
/// ALS (fitted from `seed`) and popularity at 10 on the held-out items. `baskets` are (customer, items)
/// in date order.
pub fn evaluate(
    baskets: &[(usize, Vec<u32>)],
    customers: usize,
    n_items: usize,
    seed: u64,
) -> Option<Evaluation> {
    let mut last = vec![usize::MAX; customers];
    let mut orders = vec![0usize; customers];
    for (b, (c, _)) in baskets.iter().enumerate() {
        last[*c] = b;
        orders[*c] += 1;
    }
    let mut train: Vec<Vec<(usize, f64)>> = vec![Vec::new(); customers];
    let mut popularity = vec![0.0f64; n_items];
    for (b, (c, items)) in baskets.iter().enumerate() {
        if orders[*c] >= 2 && last[*c] == b {
            continue;
        }
        for &i in items {
            add(&mut train[*c], i as usize);
            popularity[i as usize] += 1.0;
        }
    }
    let judged: Vec<usize> = (0..customers).filter(|&c| orders[c] >= 2).collect();
    if judged.is_empty() {
        return None;
    }
    let model = Als::fit(&train, n_items, seed);
    let mut by_popularity: Vec<usize> = (0..n_items).collect();
    by_popularity.sort_by(|a, b| popularity[*b].total_cmp(&popularity[*a]).then(a.cmp(b)));
    let (mut als, mut pop) = ((0.0, 0.0), (0.0, 0.0));
    for &c in &judged {
        let held: Vec<usize> = baskets[last[c]].1.iter().map(|&i| i as usize).collect();
        let bought: Vec<usize> = train[c].iter().map(|&(i, _)| i).collect();
        let popular: Vec<usize> = by_popularity
            .iter()
            .copied()
            .filter(|i| !bought.contains(i))
            .take(10)
            .collect();
        for (score, top) in [(&mut als, model.top(c, &bought, 10)), (&mut pop, popular)] {
            let found = held.iter().filter(|i| top.contains(i)).count();
            score.0 += f64::from(u8::from(found > 0));
            score.1 += found as f64 / held.len() as f64;
        }
    }
    let n = judged.len() as f64;
    Some(Evaluation {
        customers: judged.len(),
        als: Score {
            hit_rate: als.0 / n,
            recall: als.1 / n,
        },
        popularity: Score {
            hit_rate: pop.0 / n,
            recall: pop.1 / n,
        },
    })
}

/// Adds one purchase of `item` to a customer's (item, count) list.
pub fn add(row: &mut Vec<(usize, f64)>, item: usize) {
    match row.iter_mut().find(|(i, _)| *i == item) {
        Some(entry) => entry.1 += 1.0,
        None => row.push((item, 1.0)),
    }
}
