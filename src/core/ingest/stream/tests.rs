//! Unit tests of `ingest::stream`.

use super::*;

/// A reader that hands out at most `step` bytes per call, to cut the input at every position.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn all(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut v = Vec::new();
    r.read_to_end(&mut v)?;
    Ok(v)
}

#[test]
fn utf8_cut_inside_characters() {
    let text = "id,name\n1,José 😀 €\n".as_bytes();
    for step in 1..8 {
        let got = all(Utf8Checked::new(Trickle { data: text, step })).unwrap();
        assert_eq!(got, text);
    }
    let bad = b"id,name\n1,Jos\xE9\n";
    let err = all(Utf8Checked::new(Trickle { data: bad, step: 3 })).unwrap_err();
    assert!(is_not_utf8(&err));
    // A character cut off by the end of the stream is not UTF-8 either.
    let cut = &text[..text.len() - 3];
    assert!(is_not_utf8(&all(Utf8Checked::new(cut)).unwrap_err()));
}

#[test]
fn windows_1252_in_small_steps() {
    let bytes = b"id,name\n1,Jos\xE9 \x80\n";
    for step in 1..5 {
        let got = all(Decode::new(
            Trickle { data: bytes, step },
            encoding_rs::WINDOWS_1252,
        ))
        .unwrap();
        assert_eq!(got, "id,name\n1,José €\n".as_bytes());
    }
}

#[test]
fn whitespace_lines_across_chunks() {
    let text = b" 1  2\t3\r\n4 5 6\n 7 8";
    for step in 1..6 {
        let got = all(Rewrite::new(
            Trickle { data: text, step },
            WhitespaceToTabs::default(),
        ))
        .unwrap();
        assert_eq!(got, b"1\t2\t3\n4\t5\t6\n7\t8\n".to_vec());
    }
}

#[test]
fn line_ends_across_chunks() {
    let text = b"a\r\nb\rc\n\"d\r\ne\"\r";
    for step in 1..5 {
        let got = all(Rewrite::new(
            Trickle { data: text, step },
            LineEnds::default(),
        ))
        .unwrap();
        assert_eq!(got, b"a\nb\nc\n\"d\ne\"\n".to_vec());
    }
}

#[test]
fn head_stops_after_enough_lines() {
    let text = "a,b\n".repeat(100);
    let (head, eof) = read_head(&mut text.as_bytes(), 10, 5, 1 << 20).unwrap();
    assert!(!eof || head.len() == text.len());
    let (head, eof) = read_head(&mut text.as_bytes(), 1 << 20, 5, 1 << 20).unwrap();
    assert!(eof);
    assert_eq!(head.len(), text.len());
}
