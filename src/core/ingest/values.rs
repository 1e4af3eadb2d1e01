//! Parsing of the cell values real exports contain: dates in several layouts, numbers with either decimal
//! separator and thousands separators, ids written as floats, and missing-value markers.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::table::calendar::{EPOCH_DAYS_FROM_CE, SECONDS_PER_DAY};

/// Which component comes first in dates written `A/B/YYYY` or `A-B-YYYY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DateOrder {
    /// Decide from the column's values (a first part above 12 means day first, a second part above 12 means
    /// month first); when no value decides, `/` means month first and `-` or `.` day first.
    #[default]
    Auto,
    /// `31/07/2012`.
    DayFirst,
    /// `12/1/2010 8:26`.
    MonthFirst,
}

/// A date as written, before the day/month order of `A/B/YYYY` forms is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDate {
    /// Four-digit year.
    pub year: i32,
    /// First of the two small parts (the month in ISO forms).
    pub first: u8,
    /// Second of the two small parts (the day in ISO forms).
    pub second: u8,
    /// Seconds after midnight.
    pub seconds: u32,
    /// `None` for year-first forms, whose order is fixed; else the separator of an `A?B?YYYY` form.
    pub ambiguous_sep: Option<u8>,
}

impl RawDate {
    /// The calendar date under `order` (`Auto` must have been resolved to a concrete order by then), as
    /// seconds since 1970-01-01 00:00 (no time zone), or `None` when no such date exists.
    pub fn resolve(&self, day_first: bool) -> Option<i64> {
        let (month, day) = match self.ambiguous_sep {
            None => (self.first, self.second),
            Some(_) if day_first => (self.second, self.first),
            Some(_) => (self.first, self.second),
        };
        let date = NaiveDate::from_ymd_opt(self.year, u32::from(month), u32::from(day))?;
        let days = i64::from(date.num_days_from_ce() - EPOCH_DAYS_FROM_CE);
        Some(days * SECONDS_PER_DAY + i64::from(self.seconds))
    }
}

/// Parses the date forms of common exports: `2011-12-09 12:50:00`, `2011-12-09T12:50`, `2011/12/09`,
/// `20110101`, `12/1/2010 8:26`, `31-07-2012`, `31.07.2012`, optionally with `AM`/`PM`.
/// Returns `None` for anything else, including impossible parts (month 13 in an ISO date).
pub fn parse_date(text: &str) -> Option<RawDate> {
    let s = text.trim().as_bytes();
    let (date_part, time_part) = split_date_time(s);
    let seconds = match time_part {
        Some(t) => parse_time(t)?,
        None => 0,
    };
    let raw = if date_part.len() == 8 && date_part.iter().all(u8::is_ascii_digit) {
        RawDate {
            year: digits(&date_part[0..4])? as i32,
            first: digits(&date_part[4..6])? as u8,
            second: digits(&date_part[6..8])? as u8,
            seconds,
            ambiguous_sep: None,
        }
    } else {
        let sep = *date_part.iter().find(|b| matches!(b, b'-' | b'/' | b'.'))?;
        let mut parts = date_part.split(|&b| b == sep);
        let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || a.is_empty() || b.is_empty() || c.is_empty() {
            return None;
        }
        if a.len() == 4 {
            RawDate {
                year: digits(a)? as i32,
                first: small(b)?,
                second: small(c)?,
                seconds,
                ambiguous_sep: None,
            }
        } else if a.len() <= 2 && b.len() <= 2 && (c.len() == 4 || c.len() == 2) {
            let y = digits(c)? as i32;
            let year = match c.len() {
                4 => y,
                _ if y < 70 => 2000 + y,
                _ => 1900 + y,
            };
            RawDate {
                year,
                first: small(a)?,
                second: small(b)?,
                seconds,
                ambiguous_sep: Some(sep),
            }
        } else {
            return None;
        }
    };
    // Reject what no order can make a date, so that ids and amounts are not taken for dates.
    let plausible_year = (1900..=2100).contains(&raw.year);
    let (lo, hi) = (raw.first.min(raw.second), raw.first.max(raw.second));
    let plausible_parts = match raw.ambiguous_sep {
        None => (1..=12).contains(&raw.first) && (1..=31).contains(&raw.second),
        Some(_) => (1..=12).contains(&lo) && hi <= 31,
    };
    (plausible_year && plausible_parts).then_some(raw)
}

fn split_date_time(s: &[u8]) -> (&[u8], Option<&[u8]>) {
    match s.iter().position(|&b| b == b' ' || b == b'T') {
        Some(i) => {
            let rest = s[i + 1..].trim_ascii();
            (&s[..i], (!rest.is_empty()).then_some(rest))
        }
        None => (s, None),
    }
}

/// `8:26`, `08:26:00`, `08:26:00.123`, `8:26 PM`, `12:50:00+00:00` (the offset is ignored).
fn parse_time(t: &[u8]) -> Option<u32> {
    let suffix = t.len().checked_sub(2).map(|i| (&t[..i], &t[i..]));
    let (clock, pm, am) = match suffix {
        Some((c, s)) if s.eq_ignore_ascii_case(b"PM") => (c.trim_ascii(), true, false),
        Some((c, s)) if s.eq_ignore_ascii_case(b"AM") => (c.trim_ascii(), false, true),
        _ => (t, false, false),
    };
    let clock = match clock.iter().position(|&b| b == b'+' || b == b'Z') {
        Some(i) => &clock[..i],
        None => clock,
    };
    let mut parts = clock.split(|&b| b == b':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let s = match parts.next() {
        Some(sec) => {
            let whole = sec.split(|&b| b == b'.').next()?;
            digits(whole)?
        }
        None => 0,
    };
    let h = match (h, pm, am) {
        (12, false, true) => 0,
        (h, true, _) if h < 12 => h + 12,
        (h, _, _) => h,
    };
    // `then`, not `then_some`: the product must not be computed for out-of-range hours (it overflows).
    (h < 24 && m < 60 && s < 61).then(|| h * 3600 + m * 60 + s.min(59))
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn small(s: &[u8]) -> Option<u8> {
    if s.len() > 2 {
        return None;
    }
    digits(s).map(|v| v as u8)
}

/// The decimal separator of a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DecimalSeparator {
    /// `1,234.50`
    #[default]
    Dot,
    /// `12.642.501,91`
    Comma,
}

impl DecimalSeparator {
    /// Votes on one value: `Some(Comma)` when it can only be read with a decimal comma, `Some(Dot)` when it
    /// can only be read with a decimal point, `None` when it reads the same either way or is ambiguous
    /// (`1,234`).
    pub fn evidence(text: &str) -> Option<DecimalSeparator> {
        let s = text.trim().as_bytes();
        let last = s.iter().rposition(|&b| b == b'.' || b == b',')?;
        let sep = s[last];
        let other = if sep == b'.' { b',' } else { b'.' };
        let after = s[last + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let seps_of_kind = s.iter().filter(|&&b| b == sep).count();
        let decides = s[..last].contains(&other) || (after != 3 && seps_of_kind == 1);
        match (decides, sep) {
            (true, b'.') => Some(DecimalSeparator::Dot),
            (true, _) => Some(DecimalSeparator::Comma),
            _ => None,
        }
    }
}

/// Parses a number such as `29.33`, `-1`, `1,234.50`, `12.642.501,91` (with `Comma`), `$ 12.50`, `1e3`, `12%`
/// (as 12). Returns `None` for anything that is not a number; an empty cell is `None` too.
pub fn parse_number(text: &str, decimal: DecimalSeparator) -> Option<f64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(v) = fast_decimal(s.as_bytes(), decimal) {
        return Some(v);
    }
    let (dec, thousands) = match decimal {
        DecimalSeparator::Dot => ('.', ','),
        DecimalSeparator::Comma => (',', '.'),
    };
    let mut cleaned = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c == thousands || c == ' ' || c == '\u{a0}' || c == '\'' => {}
            c if c == dec => cleaned.push('.'),
            '$' | '€' | '£' | '¥' | '%' => {}
            c => cleaned.push(c),
        }
    }
    let (negative, body) = match cleaned.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
        Some(inner) => (true, inner.to_string()),
        None => (false, cleaned),
    };
    if body.is_empty() || body.eq_ignore_ascii_case("nan") || body.contains("inf") {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    v.is_finite().then_some(if negative { -v } else { v })
}

/// The common case, `-?digits[.digits]` with at most 15 significant digits, without allocating: the
/// mantissa and the power of ten are exact in `f64`, so one division gives the correctly rounded value.
fn fast_decimal(s: &[u8], decimal: DecimalSeparator) -> Option<f64> {
    let dec = match decimal {
        DecimalSeparator::Dot => b'.',
        DecimalSeparator::Comma => b',',
    };
    let (negative, body) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut frac_digits: Option<u32> = None;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(f) = frac_digits.as_mut() {
                    *f += 1;
                }
            }
            b if b == dec && frac_digits.is_none() => frac_digits = Some(0),
            _ => return None,
        }
        if digits > 15 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let v = mantissa as f64 / POW10[frac_digits.unwrap_or(0) as usize];
    Some(if negative { -v } else { v })
}

/// True for cells that mean "no value": empty, `NA`, `N/A`, `NaN`, `null`, `None`, `-`.
pub fn is_missing(text: &str) -> bool {
    let s = text.trim();
    s.is_empty()
        || s == "-"
        || ["na", "n/a", "nan", "null", "none", "nil", "#n/a"]
            .iter()
            .any(|m| s.eq_ignore_ascii_case(m))
}

/// `text` with line breaks and other control characters as spaces, for a name or value shown in one line.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The longest cell kept as it is, in bytes.
pub const MAX_CELL: usize = 256;

/// A cell longer than [`MAX_CELL`] bytes as its first 200 characters, an ellipsis and a code from the whole
/// text, so long cells stay distinct while every table, chart and export shows them short.
pub fn shorten(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL {
        return Cow::Borrowed(text);
    }
    let head: String = text.chars().take(200).collect();
    let code = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    Cow::Owned(format!("{head}…#{code:016x}"))
}

/// An id as text, with surrounding space removed and a float's `.0` dropped (`13085.0` -> `13085`).
pub fn normalize_id(text: &str) -> &str {
    let s = text.trim();
    if let Some(dot) = s.find('.') {
        let (int, frac) = (&s[..dot], &s[dot + 1..]);
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && !frac.is_empty()
            && frac.bytes().all(|b| b == b'0')
        {
            return int;
        }
    }
    s
}

#[cfg(test)]
mod tests;
