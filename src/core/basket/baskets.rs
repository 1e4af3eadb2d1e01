//! Transactions -> baskets: the distinct items of each order at the level the user picks.

use serde::{Deserialize, Serialize};

use crate::core::table::{Role, Transactions};

/// What counts as an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The product code (named by its description when there is one).
    Product,
    /// The product description.
    Description,
    /// The sub-category.
    SubCategory,
    /// The category.
    Category,
}

impl Level {
    /// Every level, finest first.
    pub const ALL: [Level; 4] = [
        Level::Product,
        Level::Description,
        Level::SubCategory,
        Level::Category,
    ];

    /// The column role holding the level.
    pub fn role(self) -> Role {
        match self {
            Level::Product => Role::Product,
            Level::Description => Role::Description,
            Level::SubCategory => Role::SubCategory,
            Level::Category => Role::Category,
        }
    }

    /// A label.
    pub fn label(self) -> &'static str {
        match self {
            Level::Product => "product",
            Level::Description => "description",
            Level::SubCategory => "sub-category",
            Level::Category => "category",
        }
    }
}

/// Orders as sets of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Baskets {
    /// The level.
    pub level: Level,
    /// Item names, by item code.
    pub names: Vec<String>,
    /// Distinct item codes of each order, ascending (orders with no item left out).
    pub items: Vec<Vec<u32>>,
    /// The customer code of each basket.
    pub customer: Vec<u32>,
    /// Each basket's value.
    pub value: Vec<f64>,
    /// Each basket's day.
    pub day: Vec<i64>,
    /// Mean line value of each item.
    pub item_value: Vec<f64>,
}

/// The levels `tx` has, finest first.
pub fn levels(tx: &Transactions) -> Vec<Level> {
    Level::ALL
        .into_iter()
        .filter(|l| tx.texts.contains_key(&l.role()))
        .collect()
}

/// The baskets of `tx` at `level`; `None` when the file has no such column.
pub fn baskets(tx: &Transactions, level: Level) -> Option<Baskets> {
    let column = tx.texts.get(&level.role())?;
    let n_items = column.dictionary.len();
    // Names on one line: runs of whitespace (newlines in quoted cells included) become one space.
    let clean = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut names: Vec<String> = (0..n_items as u32)
        .map(|c| clean(column.dictionary.get(c)))
        .collect();
    // A product code is named by its first description.
    if let (Level::Product, Some(description)) = (level, tx.texts.get(&Role::Description)) {
        let mut named = vec![false; n_items];
        for i in 0..tx.len() {
            let item = column.codes[i] as usize;
            let text = description.dictionary.get(description.codes[i]);
            if !named[item] && !text.trim().is_empty() {
                names[item] = format!("{} {}", names[item], clean(text));
                named[item] = true;
            }
        }
    }
    let mut by_order: Vec<Vec<u32>> = vec![Vec::new(); tx.orders];
    let mut customer = vec![u32::MAX; tx.orders];
    let mut value = vec![0.0; tx.orders];
    let mut day = vec![0; tx.orders];
    let (mut item_total, mut item_lines) = (vec![0.0; n_items], vec![0u32; n_items]);
    for i in 0..tx.len() {
        let (o, item) = (tx.order[i] as usize, column.codes[i]);
        if column.dictionary.get(item).trim().is_empty() {
            continue;
        }
        by_order[o].push(item);
        customer[o] = tx.customer[i];
        value[o] += tx.amount[i];
        day[o] = tx.day(i);
        item_total[item as usize] += tx.amount[i];
        item_lines[item as usize] += 1;
    }
    let mut out = Baskets {
        level,
        names,
        items: Vec::new(),
        customer: Vec::new(),
        value: Vec::new(),
        day: Vec::new(),
        item_value: item_total
            .iter()
            .zip(&item_lines)
            .map(|(t, n)| if *n > 0 { t / f64::from(*n) } else { 0.0 })
            .collect(),
    };
    for (o, mut items) in by_order.into_iter().enumerate() {
        if items.is_empty() {
            continue;
        }
        items.sort_unstable();
        items.dedup();
        out.items.push(items);
        out.customer.push(customer[o]);
        out.value.push(value[o]);
        out.day.push(day[o]);
    }
    Some(out)
}
