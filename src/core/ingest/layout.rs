//! The file's layout, settled from a sample of rows before the full pass: header or not, each column's
//! role and decimal separator, where the amount comes from; and the day/month order of its dates.

use std::io::Read;

use super::values::{printable, shorten};
use super::{
    roles, AmountSource, ColumnInfo, ColumnProfile, DateOrder, DecimalSeparator, IngestError,
    RawDate, ReadOptions, Unmapped, SAMPLE_ROWS,
};
use crate::core::table::Role;

/// The file's columns and roles, settled from a sample before the full pass.
pub(super) struct Layout {
    pub(super) has_header: bool,
    pub(super) columns: Vec<ColumnInfo>,
    pub(super) decimals: Vec<DecimalSeparator>,
    pub(super) amount_source: AmountSource,
    /// No customer column but an order column: each order stands for its buyer.
    pub(super) orders_only: bool,
}

impl Layout {
    pub(super) fn detect(
        rdr: &mut csv::Reader<impl Read>,
        options: &ReadOptions,
    ) -> Result<Layout, IngestError> {
        let mut sample: Vec<Vec<String>> = Vec::new();
        for rec in rdr.byte_records().take(SAMPLE_ROWS + 1) {
            let rec = rec.map_err(|e| IngestError::Malformed {
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            })?;
            if rec.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            sample.push(
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect(),
            );
        }
        let width = sample.iter().map(Vec::len).max().unwrap_or(0);
        if sample.is_empty() {
            return Err(IngestError::Empty);
        }
        if width < 2 {
            return Err(IngestError::OneColumn);
        }
        let profiles_from = |rows: &[Vec<String>]| -> Vec<ColumnProfile> {
            (0..width)
                .map(|c| {
                    let cells: Vec<&str> = rows
                        .iter()
                        .map(|r| r.get(c).map_or("", String::as_str))
                        .collect();
                    ColumnProfile::of(&cells)
                })
                .collect()
        };
        let below = profiles_from(&sample[1..]);
        let first: Vec<&str> = sample[0].iter().map(String::as_str).collect();
        let has_header = options
            .has_header
            .unwrap_or_else(|| roles::looks_like_header(&first, &below));
        if has_header && sample.len() == 1 {
            return Err(IngestError::NoRows(printable(&sample[0].join(", "))));
        }
        let (names, data, profiles) = if has_header {
            let names: Vec<String> = (0..width)
                .map(|c| match sample[0].get(c) {
                    Some(n) if !n.is_empty() => printable(n),
                    _ => format!("column {}", c + 1),
                })
                .collect();
            (names, &sample[1..], below)
        } else {
            let names: Vec<String> = (1..=width).map(|c| format!("column {c}")).collect();
            (names, &sample[..], profiles_from(&sample))
        };
        let mut roles = match &options.roles {
            Some(r) if r.len() == width => r.clone(),
            _ => roles::detect(&names, &profiles, has_header),
        };
        for (wanted, role) in &options.named_roles {
            let key = wanted.trim().to_lowercase();
            let c = names
                .iter()
                .position(|n| n.trim().to_lowercase() == key)
                .ok_or_else(|| IngestError::NoSuchColumn(printable(wanted), names.join(", ")))?;
            // A role belongs to one column: the named one takes it from any detected one.
            for r in roles.iter_mut().filter(|r| **r == Some(*role)) {
                *r = None;
            }
            roles[c] = Some(*role);
        }
        let has = |role| roles.contains(&Some(role));
        let columns: Vec<ColumnInfo> = names
            .into_iter()
            .zip(&roles)
            .enumerate()
            .map(|(c, (name, &role))| ColumnInfo {
                name,
                role,
                samples: data
                    .iter()
                    .take(3)
                    .map(|r| r.get(c).map_or(String::new(), |v| printable(&shorten(v))))
                    .collect(),
            })
            .collect();
        let unmapped = || Unmapped {
            has_header,
            columns: columns.clone(),
        };
        if !has(Role::Date) {
            return Err(IngestError::NoDateColumn(unmapped()));
        }
        // Without customers, the orders still carry the key figures, the months and the baskets.
        let orders_only = !has(Role::Customer) && has(Role::Order);
        if !has(Role::Customer) && !has(Role::Order) {
            return Err(IngestError::NoCustomerColumn(unmapped()));
        }
        let amount_source = if has(Role::Amount) {
            AmountSource::Column
        } else if has(Role::Quantity) && has(Role::UnitPrice) {
            AmountSource::QuantityTimesPrice
        } else if has(Role::Quantity) {
            AmountSource::Quantity
        } else {
            AmountSource::Lines
        };
        Ok(Layout {
            has_header,
            columns,
            decimals: profiles.iter().map(|p| p.decimal).collect(),
            amount_source,
            orders_only,
        })
    }

    pub(super) fn column_of(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(role))
    }
}

/// The day/month order the dates' values imply: a first part above 12 can only be a day, a second part above
/// 12 only a day; the majority wins a mixed column; with no evidence, `/` reads month first and `-` or `.`
/// day first.
pub(super) fn infer_order(dates: &[RawDate]) -> DateOrder {
    let (mut day_first, mut month_first) = (0u64, 0u64);
    let mut sep = None;
    for d in dates {
        if let Some(s) = d.ambiguous_sep {
            sep.get_or_insert(s);
            if d.first > 12 {
                day_first += 1;
            } else if d.second > 12 {
                month_first += 1;
            }
        }
    }
    match sep {
        None => DateOrder::Auto,
        Some(_) if day_first > month_first => DateOrder::DayFirst,
        Some(_) if month_first > day_first => DateOrder::MonthFirst,
        Some(b'/') => DateOrder::MonthFirst,
        Some(_) => DateOrder::DayFirst,
    }
}
