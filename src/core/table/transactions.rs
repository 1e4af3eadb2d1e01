//! The typed, columnar transaction table every analysis reads: one entry per used row.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::calendar::day_of;
use super::Role;

/// Distinct strings, each with a dense code in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    values: Vec<Box<str>>,
    codes: FxHashMap<Box<str>, u32>,
    last: Option<u32>,
}

impl Dictionary {
    /// The code of `value`, adding it when new. Repeats of the previous value skip the hash look-up.
    pub fn intern(&mut self, value: &str) -> u32 {
        if let Some(last) = self.last {
            if &*self.values[last as usize] == value {
                return last;
            }
        }
        let code = match self.codes.get(value) {
            Some(&c) => c,
            None => {
                let c = self.values.len() as u32;
                self.values.push(value.into());
                self.codes.insert(value.into(), c);
                c
            }
        };
        self.last = Some(code);
        code
    }

    /// The code of `value`, when it was interned.
    pub fn code(&self, value: &str) -> Option<u32> {
        self.codes.get(value).copied()
    }

    /// The string of a code.
    pub fn get(&self, code: u32) -> &str {
        &self.values[code as usize]
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no value was interned.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A text column stored as dictionary codes.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    /// The distinct values.
    pub dictionary: Dictionary,
    /// One code per row.
    pub codes: Vec<u32>,
}

/// Used transaction lines, column by column. Every vector has one entry per line.
#[derive(Debug, Clone, Default)]
pub struct Transactions {
    /// Customer ids.
    pub customers: Dictionary,
    /// Customer code of each line.
    pub customer: Vec<u32>,
    /// The file line each line came from (1-based, counting the header); a basket row's lines share it.
    pub line: Vec<u64>,
    /// Order of each line: an invoice of one customer, or a customer's day when there is no invoice column.
    pub order: Vec<u32>,
    /// Number of distinct orders.
    pub orders: usize,
    /// Seconds since 1970-01-01 00:00 (local time as written; no time zone).
    pub time: Vec<i64>,
    /// Line value: the amount column, or quantity x unit price, or quantity, or 1 per line (see `AmountSource`).
    pub amount: Vec<f64>,
    /// Optional numeric columns (quantity, unit price, profit, shipping cost, discount); NaN where empty.
    pub numbers: BTreeMap<Role, Vec<f64>>,
    /// Optional text columns (product, description, category, country, …).
    pub texts: BTreeMap<Role, TextColumn>,
}

impl Transactions {
    /// Number of lines.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// True when there is no line.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Day number (days since 1970-01-01) of line `i`.
    pub fn day(&self, i: usize) -> i64 {
        day_of(self.time[i])
    }

    /// `lines` grouped by customer code, each group in the order given: customer c's lines are
    /// `grouped[starts[c]..starts[c + 1]]`. A counting pass, no comparison sort of the lines.
    pub fn by_customer(&self, lines: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let mut starts = vec![0usize; self.customers.len() + 1];
        for &i in lines {
            starts[self.customer[i] as usize + 1] += 1;
        }
        for c in 0..self.customers.len() {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut grouped = vec![0usize; lines.len()];
        for &i in lines {
            let c = self.customer[i] as usize;
            grouped[next[c]] = i;
            next[c] += 1;
        }
        (starts, grouped)
    }

    /// The lines dated from `first_day` to `last_day` included, with the same customer and order codes.
    pub fn between(&self, first_day: i64, last_day: i64) -> Transactions {
        let keep: Vec<usize> = (0..self.len())
            .filter(|&i| (first_day..=last_day).contains(&self.day(i)))
            .collect();
        let pick = |v: &Vec<f64>| keep.iter().map(|&i| v[i]).collect();
        Transactions {
            customers: self.customers.clone(),
            customer: keep.iter().map(|&i| self.customer[i]).collect(),
            line: keep.iter().map(|&i| self.line[i]).collect(),
            order: keep.iter().map(|&i| self.order[i]).collect(),
            orders: self.orders,
            time: keep.iter().map(|&i| self.time[i]).collect(),
            amount: pick(&self.amount),
            numbers: self.numbers.iter().map(|(r, v)| (*r, pick(v))).collect(),
            texts: self
                .texts
                .iter()
                .map(|(r, c)| {
                    let codes = keep.iter().map(|&i| c.codes[i]).collect();
                    let dictionary = c.dictionary.clone();
                    (*r, TextColumn { dictionary, codes })
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_codes_in_first_appearance_order() {
        let mut d = Dictionary::default();
        assert_eq!(d.intern("b"), 0);
        assert_eq!(d.intern("b"), 0);
        assert_eq!(d.intern("a"), 1);
        assert_eq!(d.intern("b"), 0);
        assert_eq!(d.len(), 2);
        assert_eq!(d.get(1), "a");
    }
}
