//! Customer lifetime value as lifetimes' `customer_lifetime_value` computes it: expected purchases month
//! by month times the expected spend, discounted monthly; with an interval from draws of the models'
//! parameters (see `intervals`).

use rustc_hash::FxHashMap;

use super::gamma_gamma::GammaGamma;
use super::histories::Histories;
use super::intervals::Draws;
use super::model::CountModel;
use super::summary::Rft;

/// What a purchase is expected to be worth.
#[derive(Debug, Clone, PartialEq)]
pub enum Spend {
    /// Gamma-Gamma's estimate from each customer's repeat purchases.
    GammaGamma(GammaGamma),
    /// The same given amount for every purchase.
    PerPurchase(f64),
}

impl Spend {
    /// The expected spend per purchase of a customer with x repeat purchases of mean m.
    pub fn expected(&self, x: u32, m: f64) -> f64 {
        match self {
            Spend::GammaGamma(g) => g.expected_spend(x, m),
            Spend::PerPurchase(v) => *v,
        }
    }

    /// The same spend with Gamma-Gamma's p, q, gamma taken from a draw (a given spend has none).
    fn with_draw(&self, draw: Option<&[f64; 3]>) -> Spend {
        match (self, draw) {
            (Spend::GammaGamma(_), Some(&s)) => Spend::GammaGamma(GammaGamma::at(s)),
            _ => self.clone(),
        }
    }
}

/// Expected purchases month by month over `horizon` time units (the last month cut short when the
/// horizon is not a whole number of months), each discounted by its months from now at the monthly
/// `discount` rate, of a customer with x repeat purchases observed for T, if alive now; times P(alive)
/// and the spend it is the CLV. For whole months it is lifetimes' `_customer_lifetime_value`.
pub fn discounted_if_alive(
    model: &CountModel,
    x: u32,
    t: f64,
    horizon: f64,
    discount: f64,
    month_units: f64,
) -> Option<f64> {
    let mut previous = 0.0;
    let mut total = 0.0;
    let mut month = 1.0;
    loop {
        let end = (month * month_units).min(horizon);
        let e = model.expected_if_alive(end, x, t)?;
        total += (e - previous) / (1.0 + discount).powf(end / month_units);
        previous = e;
        if end >= horizon * (1.0 - 1e-12) {
            return Some(total);
        }
        month += 1.0;
    }
}

/// Value per customer with a 90 % interval (5th and 95th percentiles over parameter draws).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Valued {
    /// Expected spend per purchase.
    pub spend: f64,
    /// The CLV at the fitted parameters.
    pub clv: f64,
    /// 5th percentile over draws.
    pub low: f64,
    /// 95th percentile over draws.
    pub high: f64,
}

/// Values every customer, with intervals over `draws` (none when it holds no draw).
pub fn value_all(
    model: &CountModel,
    spend: &Spend,
    data: &[Rft],
    horizon: f64,
    discount: f64,
    month_units: f64,
    draws: &Draws,
) -> Vec<Option<Valued>> {
    let alternatives: Vec<(CountModel, Spend)> = (0..draws.count.len().max(draws.spend.len()))
        .map(|i| {
            let gg = spend.with_draw(draws.spend.get(i));
            let m = draws
                .count
                .get(i)
                .map_or_else(|| model.clone(), |&c| model.with_params(c));
            (m, gg)
        })
        .collect();
    // The CLV is the expected spend times P(alive) times discounted purchases if alive, which depend on
    // (x, T) alone: work each out once per history and once per (x, T).
    let (h, of) = Histories::indexed(data);
    let factors = |m: &CountModel| -> Vec<Option<f64>> {
        let mut if_alive: FxHashMap<(u32, u64), Option<f64>> = FxHashMap::default();
        (0..h.len())
            .map(|i| {
                let (x, t) = (h.x[i], h.t[i]);
                let d = *if_alive.entry((x, t.to_bits())).or_insert_with(|| {
                    discounted_if_alive(m, x, t, horizon, discount, month_units)
                });
                let v = m.p_alive(x, h.t_x[i], t) * d?;
                v.is_finite().then_some(v)
            })
            .collect()
    };
    let fitted = factors(model);
    let sampled: Vec<(Vec<Option<f64>>, &Spend)> = alternatives
        .iter()
        .map(|(m, gg)| (factors(m), gg))
        .collect();
    data.iter()
        .zip(of)
        .map(|(c, g)| {
            let m = spend.expected(c.frequency, c.monetary);
            let v = m * fitted[g]?;
            let mut values: Vec<f64> = sampled
                .iter()
                .filter_map(|(f, gg)| Some(gg.expected(c.frequency, c.monetary) * f[g]?))
                .filter(|v| v.is_finite())
                .collect();
            values.sort_by(f64::total_cmp);
            let pick = |q: f64| {
                values
                    .get(((values.len() as f64 - 1.0) * q).round() as usize)
                    .copied()
                    .unwrap_or(v)
            };
            // Without draws there is no interval, never one of zero width.
            let (low, high) = if values.is_empty() {
                (f64::NAN, f64::NAN)
            } else {
                (pick(0.05).min(v), pick(0.95).max(v))
            };
            Some(Valued {
                spend: m,
                clv: v,
                low,
                high,
            })
        })
        .collect()
}
