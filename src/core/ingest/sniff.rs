//! Finds how a text file is written: its encoding, its field delimiter and whether it has a header row.

use serde::{Deserialize, Serialize};

/// The character encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1's printable characters).
    Windows1252,
    /// UTF-16, little-endian, with its byte-order mark (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16, big-endian, with its byte-order mark.
    Utf16Be,
}

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delimiter {
    /// One byte: `,` `;` `\t` or `|`; quoted fields may hold it and newlines.
    Byte(u8),
    /// Runs of spaces or tabs, as in fixed-width exports; no quoting.
    Whitespace,
}

impl Delimiter {
    /// A name for people: `comma`, `tab`, `semicolon`, …
    pub fn describe(self) -> &'static str {
        match self {
            Delimiter::Byte(b',') => "comma",
            Delimiter::Byte(b';') => "semicolon",
            Delimiter::Byte(b'\t') => "tab",
            Delimiter::Byte(b'|') => "pipe",
            Delimiter::Byte(_) => "other",
            Delimiter::Whitespace => "whitespace",
        }
    }
}

/// What a file that is not delimited text is, from its first bytes: a compressed archive, a spreadsheet,
/// a picture or a document, or other binary data (a zero byte outside UTF-16 text); `None` for text.
pub fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 11] = [
        (b"\x1F\x8B", "a gzip-compressed file"),
        (b"PK\x03\x04", "a zip archive (or an Excel .xlsx workbook)"),
        (
            b"\xD0\xCF\x11\xE0",
            "an Excel .xls workbook (or another Office document)",
        ),
        (b"BZh", "a bzip2-compressed file"),
        (b"\xFD7zXZ\x00", "an xz-compressed file"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"PAR1", "a Parquet file"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG picture"),
        (b"\xFF\xD8\xFF", "a JPEG picture"),
        (b"GIF8", "a GIF picture"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(kind);
    }
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    (!utf16 && head[..head.len().min(4096)].contains(&0)).then_some("binary data, not text")
}

/// The encoding of a file from its first bytes (`whole`: they are the whole file): UTF-16 when a UTF-16
/// byte-order mark is followed by text with a zero byte in every other place (ASCII in UTF-16), UTF-8, with
/// or without a byte-order mark, when they are valid UTF-8 (a character cut off at the end of a head counts
/// as valid); anything else is read as Windows-1252.
pub fn encoding_of(head: &[u8], whole: bool) -> Encoding {
    let zeros_at = |odd: usize| {
        let body = &head[2..head.len().min(1026)];
        let zeros = body
            .iter()
            .skip(odd)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        body.len() >= 4 && zeros * 4 >= body.len()
    };
    if head.starts_with(b"\xFF\xFE") && zeros_at(1) {
        return Encoding::Utf16Le;
    }
    if head.starts_with(b"\xFE\xFF") && zeros_at(0) {
        return Encoding::Utf16Be;
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match std::str::from_utf8(body) {
        Ok(_) => Encoding::Utf8,
        Err(e) if !whole && e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Picks the delimiter that splits the first lines into the same number (two or more) of fields most
/// consistently; whitespace is the fallback for space-aligned files. `None` when every line is one field.
pub fn sniff_delimiter(text: &[u8]) -> Option<Delimiter> {
    let head = &text[..text.len().min(64 * 1024)];
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.trim_ascii().is_empty())
        .take(50)
        .collect();
    // Drop a last line that the 64 KiB cut may have truncated.
    let lines = if head.len() < text.len() && lines.len() > 1 {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    if lines.is_empty() {
        return None;
    }
    let mut best: Option<(Delimiter, f64)> = None;
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        if let Some(score) = consistency(&counts) {
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((Delimiter::Byte(d), score));
            }
        }
    }
    if let Some((d, score)) = best {
        if score >= CONSISTENT {
            return Some(d);
        }
    }
    let ws: Vec<usize> = lines
        .iter()
        .map(|l| {
            l.split(|b| b.is_ascii_whitespace())
                .filter(|f| !f.is_empty())
                .count()
                - 1
        })
        .collect();
    match (consistency(&ws), best) {
        (Some(s), Some((_, b))) if s > b => Some(Delimiter::Whitespace),
        (Some(_), None) => Some(Delimiter::Whitespace),
        (_, Some((d, _))) => Some(d),
        (None, None) => None,
    }
}

/// The share of the first lines agreeing on a delimiter's count that settles the delimiter at once (a
/// tenth may be a title or a note); below it the columns of whitespace get their chance.
const CONSISTENT: f64 = 0.9;

/// Share of lines that have the most common non-zero delimiter count; `None` when no line has one.
fn consistency(counts: &[usize]) -> Option<f64> {
    let mut freq: Vec<(usize, usize)> = Vec::new();
    for &c in counts.iter().filter(|&&c| c > 0) {
        match freq.iter_mut().find(|(v, _)| *v == c) {
            Some((_, n)) => *n += 1,
            None => freq.push((c, 1)),
        }
    }
    let (_, n) = freq.into_iter().max_by_key(|&(v, n)| (n, v))?;
    Some(n as f64 / counts.len() as f64)
}

fn count_outside_quotes(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// A quote that opens a field and is never closed, as the CSV reader sees it (a quote opens only at the
/// start of a field; `""` inside is an escaped quote): the 1-based line it opens on and the number of lines
/// after that one it swallows up to the end of `text`.
pub fn unclosed_quote(text: &[u8], d: u8) -> Option<(u64, u64)> {
    let (mut line, mut opened) = (1u64, 0u64);
    let (mut quoted, mut field_start, mut i) = (false, true, 0);
    while i < text.len() {
        let b = text[i];
        if quoted {
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            (quoted, opened) = (true, line);
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = !quoted && (b == d || b == b'\n');
        i += 1;
    }
    let last = if text.ends_with(b"\n") {
        line - 1
    } else {
        line
    };
    quoted.then_some((opened, last - opened))
}

/// Appends one whitespace-aligned line as tab-separated fields and a newline, so one CSV reader serves
/// every layout.
pub fn whitespace_line(line: &[u8], out: &mut Vec<u8>) {
    let mut first = true;
    for field in line
        .split(|b| b.is_ascii_whitespace())
        .filter(|f| !f.is_empty())
    {
        if !first {
            out.push(b'\t');
        }
        out.extend_from_slice(field);
        first = false;
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn binary_files_are_named() {
        use super::binary_kind;
        assert_eq!(
            binary_kind(b"\x1F\x8B\x08\x00"),
            Some("a gzip-compressed file")
        );
        assert_eq!(binary_kind(b"%PDF-1.7\n"), Some("a PDF document"));
        assert_eq!(binary_kind(b"a,b\n1\x002\n"), Some("binary data, not text"));
        assert_eq!(binary_kind(b"\xFF\xFEa\x00,\x00"), None, "UTF-16 text");
        assert_eq!(binary_kind(b"Customer,Date\nA,2020-01-01\n"), None);
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        use super::unclosed_quote;
        assert_eq!(
            unclosed_quote(b"a,b\n1,\"x\n2,y\n3,z\n", b','),
            Some((2, 2))
        );
        assert_eq!(
            unclosed_quote(b"a,b\n1,\"x\"\"y\"\n2,\"m\nn\"\n", b','),
            None
        );
        assert_eq!(
            unclosed_quote(b"a,b\n1,5\" screen\n", b','),
            None,
            "mid-field quotes are text"
        );
        assert_eq!(unclosed_quote(b"a;b\n1;\"x", b';'), Some((2, 0)));
    }

    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(
            sniff_delimiter(b"a,b,c\n1,2,3\n"),
            Some(Delimiter::Byte(b','))
        );
        assert_eq!(
            sniff_delimiter(b"a;b;c\n1,5;2;3\n"),
            Some(Delimiter::Byte(b';'))
        );
        assert_eq!(
            sniff_delimiter(b"a\tb\n1\t2\n"),
            Some(Delimiter::Byte(b'\t'))
        );
        assert_eq!(
            sniff_delimiter(
                b" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n"
            ),
            Some(Delimiter::Whitespace)
        );
        assert_eq!(
            sniff_delimiter(b"\"x, y\",b\n\"1,2\",3\n"),
            Some(Delimiter::Byte(b','))
        );
        assert_eq!(sniff_delimiter(b"onlyone\nfield\n"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(
            encoding_of(b"\xEF\xBB\xBFid,name\n1,Jos\xC3\xA9\n", true),
            Encoding::Utf8
        );
        assert_eq!(
            encoding_of(b"id,name\n1,Jos\xE9 \x80\n", true),
            Encoding::Windows1252
        );
        // A head cut inside a character is still UTF-8; a whole file ending so is not.
        assert_eq!(encoding_of(b"1,Jos\xC3", false), Encoding::Utf8);
        assert_eq!(encoding_of(b"1,Jos\xC3", true), Encoding::Windows1252);
    }

    #[test]
    fn whitespace_rewrite() {
        let mut out = Vec::new();
        whitespace_line(b" 1  2\t3\r", &mut out);
        assert_eq!(out, b"1\t2\t3\n".to_vec());
    }
}
