//! Detecting each column's role from its name and its values.

use super::basket_cell::looks_like_basket;
use super::values::{is_missing, parse_date, parse_number, DecimalSeparator};
use crate::core::table::{normalize_name, Role};

/// What the first rows of a column look like.
#[derive(Debug, Clone, Default)]
pub struct ColumnProfile {
    /// Non-missing cells seen.
    pub filled: usize,
    /// Cells that parse as dates.
    pub dates: usize,
    /// Cells that parse as numbers.
    pub numbers: usize,
    /// Numeric cells with a fractional part.
    pub fractional: usize,
    /// Distinct values among the cells seen.
    pub distinct: usize,
    /// Cells holding a JSON object or list.
    pub json: usize,
    /// Largest absolute numeric value.
    pub max_abs: f64,
    /// The decimal separator the cells vote for.
    pub decimal: DecimalSeparator,
}

impl ColumnProfile {
    /// Profiles one column from sample cells.
    pub fn of(cells: &[&str]) -> ColumnProfile {
        let mut p = ColumnProfile::default();
        let (mut comma, mut dot) = (0, 0);
        let mut seen = rustc_hash::FxHashSet::default();
        for &c in cells.iter().filter(|c| !is_missing(c)) {
            p.filled += 1;
            seen.insert(c);
            match DecimalSeparator::evidence(c) {
                Some(DecimalSeparator::Comma) => comma += 1,
                Some(DecimalSeparator::Dot) => dot += 1,
                None => {}
            }
        }
        p.decimal = if comma > dot {
            DecimalSeparator::Comma
        } else {
            DecimalSeparator::Dot
        };
        for &c in cells.iter().filter(|c| !is_missing(c)) {
            if parse_date(c).is_some() {
                p.dates += 1;
            }
            if looks_like_basket(c) {
                p.json += 1;
            }
            if let Some(v) = parse_number(c, p.decimal) {
                p.numbers += 1;
                p.max_abs = p.max_abs.max(v.abs());
                if v.fract() != 0.0 {
                    p.fractional += 1;
                }
            }
        }
        p.distinct = seen.len();
        p
    }

    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }

    /// Mostly dates.
    pub fn is_date(&self) -> bool {
        self.filled > 0 && self.share(self.dates) >= MOSTLY
    }

    /// Mostly numbers (and not dates).
    pub fn is_numeric(&self) -> bool {
        self.filled > 0 && self.share(self.numbers) >= MOSTLY && !self.is_date()
    }
}

/// True when a first row reads as column names: none of its cells is a number or a date while the column
/// below has them, or most of its cells are names of known roles.
pub fn looks_like_header(first: &[&str], profiles: &[ColumnProfile]) -> bool {
    let known = first
        .iter()
        .filter(|c| name_role(&normalize_name(c)).is_some())
        .count();
    if known * 2 > first.len() {
        return true;
    }
    let typed =
        |c: &str| parse_date(c).is_some() || parse_number(c, DecimalSeparator::Dot).is_some();
    let first_has_typed = first.iter().any(|c| typed(c));
    let below_has_typed = profiles.iter().any(|p| p.is_date() || p.is_numeric());
    !first_has_typed && below_has_typed
}

fn name_role(normalized: &str) -> Option<Role> {
    Role::ALL
        .into_iter()
        .find(|r| r.names().contains(&normalized))
}

/// Detects each column's role: by name first (exact names, then names that contain a role's name, e.g.
/// `Order Date`), then by values: a date column in any file, and in a file without a header the customer
/// (left-most id-like column), amount (right-most column with cents) and quantity. Each role goes to one
/// column at most; `None` means the column is not used. A role no column's values fit goes to the column
/// named for it all the same (exactly, or for a date or customer a name containing it), so its bad or empty
/// cells are set aside row by row, by reason, rather than the column being ignored.
pub fn detect(names: &[String], profiles: &[ColumnProfile], has_header: bool) -> Vec<Option<Role>> {
    let mut roles = detect_fitting(names, profiles, has_header);
    let normalized: Vec<String> = names.iter().map(|s| normalize_name(s)).collect();
    for exact in [true, false] {
        for (i, name) in normalized.iter().enumerate() {
            let named = Role::ALL.into_iter().find(|&r| {
                r != Role::Basket
                    && !roles.contains(&Some(r))
                    && if exact {
                        r.names().contains(&name.as_str())
                    } else {
                        matches!(r, Role::Date | Role::Customer)
                            && !["ship", "row", "postal", "zip"]
                                .iter()
                                .any(|w| name.starts_with(w))
                            && r.names().iter().any(|k| k.len() >= 4 && name.contains(k))
                    }
            });
            if roles[i].is_none() && named.is_some() {
                roles[i] = named;
            }
        }
    }
    roles
}

/// Roles by names and values, each column's values fitting its role.
fn detect_fitting(
    names: &[String],
    profiles: &[ColumnProfile],
    has_header: bool,
) -> Vec<Option<Role>> {
    let n = names.len();
    let mut roles: Vec<Option<Role>> = vec![None; n];
    let normalized: Vec<String> = names.iter().map(|s| normalize_name(s)).collect();
    let taken = |roles: &[Option<Role>], r: Role| roles.contains(&Some(r));
    // Exact names.
    for i in 0..n {
        if let Some(r) = name_role(&normalized[i]) {
            if !taken(&roles, r) && fits(r, &profiles[i]) {
                roles[i] = Some(r);
            }
        }
    }
    // Names that contain a role's name ("Order Date", "Customer_Number"), most specific first; a ship date,
    // a row number or a postal code is never a role, and a role's exact name is kept for that role.
    for i in 0..n {
        let name = &normalized[i];
        if roles[i].is_some()
            || name.is_empty()
            || name_role(name).is_some()
            || ["ship", "row", "postal", "zip"]
                .iter()
                .any(|w| name.starts_with(w))
        {
            continue;
        }
        let hit = Role::ALL.into_iter().find(|&r| {
            !taken(&roles, r)
                && fits(r, &profiles[i])
                && r.names().iter().any(|k| k.len() >= 4 && name.contains(k))
        });
        roles[i] = hit;
    }
    // Values, for what names did not settle.
    if !taken(&roles, Role::Basket) {
        let json = |i: usize| roles[i].is_none() && profiles[i].json > 0;
        if let Some(i) = (0..n).find(|&i| json(i) && fits(Role::Basket, &profiles[i])) {
            roles[i] = Some(Role::Basket);
        }
    }
    if !taken(&roles, Role::Date) {
        if let Some(i) = (0..n).find(|&i| roles[i].is_none() && profiles[i].is_date()) {
            roles[i] = Some(Role::Date);
        }
    }
    if has_header {
        return roles;
    }
    let date_col = roles.iter().position(|r| *r == Some(Role::Date));
    if !taken(&roles, Role::Customer) {
        // The left-most id-like column: values repeat, and are whole numbers or short codes.
        if let Some(i) = (0..n).find(|&i| {
            let p = &profiles[i];
            roles[i].is_none()
                && p.filled > 0
                && !p.is_date()
                && p.fractional == 0
                && p.distinct < p.filled
                && (p.is_numeric() || p.numbers == 0)
        }) {
            roles[i] = Some(Role::Customer);
        }
    }
    let after_date = |i: usize| date_col.is_none_or(|d| i > d);
    if !taken(&roles, Role::Amount) && !taken(&roles, Role::UnitPrice) {
        // The right-most numeric column with cents.
        if let Some(i) = (0..n).rev().find(|&i| {
            roles[i].is_none()
                && profiles[i].is_numeric()
                && profiles[i].fractional > 0
                && after_date(i)
        }) {
            roles[i] = Some(Role::Amount);
        }
    }
    if !taken(&roles, Role::Quantity) {
        // A column of small whole numbers after the date.
        if let Some(i) = (0..n).find(|&i| {
            let p = &profiles[i];
            roles[i].is_none()
                && p.is_numeric()
                && p.fractional == 0
                && p.max_abs < 10_000.0
                && after_date(i)
        }) {
            roles[i] = Some(Role::Quantity);
        }
    }
    roles
}

/// The share of a column's filled cells that makes it a column of dates, numbers or JSON baskets: a tenth
/// may be typos or notes.
const MOSTLY: f64 = 0.9;

/// Whether a column's values can serve a role (a numeric role needs numbers; a date, dates).
fn fits(role: Role, p: &ColumnProfile) -> bool {
    if p.filled == 0 {
        return !matches!(role, Role::Date | Role::Customer);
    }
    match role {
        Role::Date => p.is_date(),
        Role::Basket => p.share(p.json) >= MOSTLY,
        _ if p.share(p.json) >= MOSTLY => false,
        r if r.is_numeric() => p.share(p.numbers) >= MOSTLY,
        _ => true,
    }
}

#[cfg(test)]
mod tests;
