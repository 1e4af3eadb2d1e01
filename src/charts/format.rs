//! Number formats for labels.

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
    }
}
