//! A generated member file for the referral demo: members of a health-products club joining over two years,
//! each sponsored by an earlier member (popular sponsors recruit more), each buying a few times after joining.
//! Two members name a sponsor who never bought, so the demo shows that data issue too.

use std::fmt::Write;

use rand::{Rng, SeedableRng};

use crate::core::table::iso_date;

const PRODUCTS: [(&str, &str, f64); 8] = [
    ("Vitamin D3", "Vitamins", 14.0),
    ("Multivitamin", "Vitamins", 22.0),
    ("Omega-3", "Vitamins", 26.0),
    ("Whey protein", "Protein", 39.0),
    ("Plant protein", "Protein", 35.0),
    ("Green tea", "Tea", 9.0),
    ("Herbal tea", "Tea", 8.0),
    ("Aloe gel", "Skin care", 18.0),
];

/// A CSV of `members` members (`Member ID, Sponsor ID, Order ID, Order Date, Product, Category, Quantity,
/// Amount`), the same for the same `seed`.
pub fn members_csv(members: usize, seed: u64) -> String {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let start = 19_358; // 2023-01-01
    let mut sponsor: Vec<Option<usize>> = Vec::with_capacity(members);
    let mut out =
        String::from("Member ID,Sponsor ID,Order ID,Order Date,Product,Category,Quantity,Amount\n");
    let mut order = 0;
    for m in 0..members {
        let s = match m {
            0..=4 => None,
            _ if rng.gen::<f64>() < 0.5 => Some(rng.gen_range(0..m)),
            // The sponsor of a random earlier member: who already recruits, recruits more.
            _ => sponsor[rng.gen_range(0..m)].or(Some(rng.gen_range(0..m))),
        };
        sponsor.push(s);
        let sponsor_id = match (m, s) {
            (7 | 11, _) => "M9999".to_string(),
            (_, Some(s)) => format!("M{s}"),
            (_, None) => String::new(),
        };
        let joined = start + (m * 700 / members) as i64;
        for _ in 0..rng.gen_range(1..=6) {
            order += 1;
            let day = (joined + rng.gen_range(0..120)).min(start + 729);
            let (product, category, price) = PRODUCTS[rng.gen_range(0..PRODUCTS.len())];
            let quantity = rng.gen_range(1..=3);
            let _ = writeln!(
                out,
                "M{m},{sponsor_id},S{order},{},{product},{category},{quantity},{:.2}",
                iso_date(day),
                price * f64::from(quantity)
            );
        }
    }
    out
}
