//! Number formats, one per kind: compact money for tiles and axes (`money`), grouped figures for table
//! cells (`grouped`, `amount`), shares (`percent`), counts (`thousands`) and model parameters (`parameter`).

/// `1234567.8` -> `1.23M`, `12345` -> `12.3k`, `123.4` -> `123`.
pub fn money(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.2}B", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// `0.1234` -> `12.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A change as "+12.3%", or a dash when there is none.
pub fn change(v: Option<f64>) -> String {
    v.map_or("–".into(), |c| format!("{:+.1}%", c * 100.0))
}

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `2863.94, 1` -> `2,863.9`: fixed decimals with thousands separators, for table cells.
pub fn grouped(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let text = format!("{:.decimals$}", v.abs());
    let (whole, fraction) = text
        .split_once('.')
        .map_or((&text[..], ""), |(w, f)| (w, f));
    let sign = if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        "-"
    } else {
        ""
    };
    let whole = whole.parse::<u64>().map_or(whole.to_string(), thousands);
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// A sum of money in a table cell: `25043.05` -> `25,043.05`.
pub fn amount(v: f64) -> String {
    grouped(v, 2)
}

/// A model parameter to four significant figures (`0.8349`, `31.32`, `291.9`), in scientific notation
/// from a million up and below a thousandth (`4.862e16` for a parameter running off to infinity, where
/// fixed decimals would print seventeen digits).
pub fn parameter(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() || a == 0.0 {
        return v.to_string();
    }
    if !(1e-3..1e6).contains(&a) {
        return format!("{v:.3e}");
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    grouped(v, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money(1_234_567.8), "1.23M");
        assert_eq!(money(12_345.0), "12.3k");
        assert_eq!(money(123.4), "123");
        assert_eq!(money(9.5), "9.50");
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(thousands(6919), "6,919");
        assert_eq!(thousands(1_067_370), "1,067,370");
        assert_eq!(thousands(12), "12");
        assert_eq!(parameter(0.834_92), "0.8349");
        assert_eq!(parameter(31.3249), "31.32");
        assert_eq!(parameter(291.94), "291.9");
        assert_eq!(parameter(2.598), "2.598");
        assert_eq!(parameter(12_345.6), "12,346");
        assert_eq!(parameter(16_880.2), "16,880");
        assert_eq!(parameter(48_619_908_177_868_496.0), "4.862e16");
        assert_eq!(parameter(0.000_123_4), "1.234e-4");
        assert_eq!(parameter(-0.05), "-0.05000");
        assert_eq!(parameter(0.0), "0");
        assert_eq!(grouped(2863.94, 1), "2,863.9");
        assert_eq!(grouped(1_234_567.0, 0), "1,234,567");
        assert_eq!(grouped(-25_043.049, 2), "-25,043.05");
        assert_eq!(grouped(-0.004, 2), "0.00");
        assert_eq!(grouped(999.96, 1), "1,000.0");
        assert_eq!(amount(25_043.05), "25,043.05");
        assert_eq!(amount(f64::NAN), "NaN");
    }
}
