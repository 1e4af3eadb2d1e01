//! The streaming reader: a file handed out a few bytes at a time (cut inside quoted fields, multi-byte
//! characters, Windows-1252 bytes, a byte-order mark and CRLF pairs) reads exactly as the same bytes in one
//! piece, and a file that turns out not to be UTF-8 after its head is read again as Windows-1252.

use std::io::{self, Read};

use customer_lens::core::ingest::{read, read_source, ByteSource, Encoding, Ingested, ReadOptions};

/// A source whose reader hands out at most `step` bytes per call.
struct Chunked<'a> {
    data: &'a [u8],
    step: usize,
}

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

impl ByteSource for Chunked<'_> {
    fn size(&self) -> u64 {
        self.data.len() as u64
    }
    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(Trickle {
            data: self.data,
            step: self.step,
        }))
    }
}

/// Rows in the generated file: enough that the head read for detection ends inside the file.
const ROWS: usize = 4_000;

/// An Online Retail-style file: descriptions with accents, a euro sign and an emoji, some quoted with a
/// comma or a line break inside, and every 1,000th row without a customer id.
fn retail(newline: &str) -> String {
    let mut s = format!(
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country{newline}"
    );
    for i in 0..ROWS {
        let description = match i % 4 {
            0 => "Crème brûlée set".to_string(),
            1 => format!("\"Mug, {} € edition\"", i % 7),
            2 => format!("\"Two{newline}line label {i}\""),
            _ => "Plain 😀 card".to_string(),
        };
        let customer = if i % 1_000 == 999 {
            String::new()
        } else {
            format!("{}", 12_000 + i % 97)
        };
        s += &format!(
            "{},{},{description},{},2011-{:02}-{:02} 10:{:02},{}.{:02},{customer},France{newline}",
            500_000 + i / 3,
            20_000 + i % 13,
            1 + i % 5,
            1 + i % 12,
            1 + i % 28,
            i % 60,
            1 + i % 9,
            i % 100,
        );
    }
    s
}

/// The same text in Windows-1252 (every character of it is in that code page).
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// What a read produced, line by line, so two reads can be compared whole.
fn fingerprint(i: &Ingested) -> Vec<String> {
    let tx = &i.transactions;
    let mut out = vec![format!("{:?}", i.account), format!("{:?}", i.source)];
    for k in 0..tx.len() {
        let texts: Vec<&str> = tx
            .texts
            .values()
            .map(|c| c.dictionary.get(c.codes[k]))
            .collect();
        let numbers: Vec<u64> = tx.numbers.values().map(|c| c[k].to_bits()).collect();
        out.push(format!(
            "{} {} {} {} {} {texts:?} {numbers:?}",
            tx.customers.get(tx.customer[k]),
            tx.line[k],
            tx.order[k],
            tx.time[k],
            tx.amount[k].to_bits()
        ));
    }
    out
}

fn read_whole(bytes: &[u8]) -> Ingested {
    read(bytes, &ReadOptions::default(), &mut |_| {}).expect("the file reads")
}

/// Reads `bytes` cut into pieces of every size in `steps` and checks each read equals the whole one.
fn same_in_pieces(bytes: &[u8], steps: &[usize]) -> Ingested {
    let whole = read_whole(bytes);
    let expected = fingerprint(&whole);
    for &step in steps {
        let source = Chunked { data: bytes, step };
        let got = read_source(&source, &ReadOptions::default(), &mut |_| {}).expect("reads");
        assert_eq!(fingerprint(&got), expected, "read {step} bytes at a time");
    }
    whole
}

const STEPS: [usize; 6] = [1, 2, 3, 7, 4_093, 65_537];

#[test]
fn utf8_lf_in_pieces() {
    let text = retail("\n");
    assert!(text.len() > 200 * 1024, "the head must end inside the file");
    let got = same_in_pieces(text.as_bytes(), &STEPS);
    assert_eq!(got.source.encoding, Encoding::Utf8);
    assert_eq!(got.account.read, ROWS as u64);
    assert_eq!(got.account.used, ROWS as u64 - 4);
    let products = &got.transactions.texts;
    let all: Vec<&str> = products
        .values()
        .flat_map(|c| (0..c.dictionary.len()).map(|k| c.dictionary.get(k as u32)))
        .collect();
    assert!(all.contains(&"Crème brûlée set"));
    assert!(all.contains(&"Plain 😀 card"));
    assert!(all.contains(&"Two\nline label 2"));
}

#[test]
fn bom_and_crlf_in_pieces() {
    let text = format!("\u{FEFF}{}", retail("\r\n"));
    let got = same_in_pieces(text.as_bytes(), &STEPS);
    assert_eq!(got.source.encoding, Encoding::Utf8);
    // The byte-order mark is not part of the first column's name.
    assert_eq!(got.source.columns[0].name, "Invoice");
    assert_eq!(got.account.read, ROWS as u64);
}

#[test]
fn windows_1252_in_pieces() {
    let bytes = windows_1252(&retail("\n").replace('😀', "*"));
    let got = same_in_pieces(&bytes, &STEPS);
    assert_eq!(got.source.encoding, Encoding::Windows1252);
    assert_eq!(got.account.used, ROWS as u64 - 4);
    let utf8 = read_whole(retail("\n").replace('😀', "*").as_bytes());
    assert_eq!(
        fingerprint(&got)[2..],
        fingerprint(&utf8)[2..],
        "same rows as the UTF-8 file"
    );
}

#[test]
fn late_windows_1252_byte_reads_the_file_again() {
    let mut bytes = retail("\n").into_bytes();
    // A Latin-1 'é' (0xE9) near the end, far past the head.
    let at = bytes.len() - 200;
    let comma = at + bytes[at..].iter().position(|&b| b == b',').unwrap();
    bytes.insert(comma, 0xE9);
    let got = same_in_pieces(&bytes, &[3, 65_537]);
    assert_eq!(got.source.encoding, Encoding::Windows1252);
    // Read as Windows-1252 from the first byte: the UTF-8 'è' of row 1 is two characters.
    let text = &got.transactions.texts;
    let all: Vec<&str> = text
        .values()
        .flat_map(|c| (0..c.dictionary.len()).map(|k| c.dictionary.get(k as u32)))
        .collect();
    assert!(all.contains(&"CrÃ¨me brÃ»lÃ©e set"));
}

/// A five-row file with a row missing its customer id on file line `4` (with the header), whose lines end
/// with `newline`.
fn small(newline: &str, header: bool) -> String {
    let mut rows = vec![
        "A,2024-01-01,5",
        "A,2024-02-01,7",
        ",2024-01-09,3",
        "B,2024-01-03,6",
        "C,2024-01-05,2",
    ];
    if header {
        rows.insert(0, "Customer,Date,Amount");
    }
    rows.join(newline) + newline
}

/// The roles of [`small`]'s columns (a headerless file's columns cannot be recognised by name).
fn small_options(header: bool) -> ReadOptions {
    use customer_lens::core::table::Role;
    ReadOptions {
        roles: Some(vec![
            Some(Role::Customer),
            Some(Role::Date),
            Some(Role::Amount),
        ]),
        has_header: Some(header),
        ..ReadOptions::default()
    }
}

#[test]
fn every_line_ending_keeps_an_exact_account_and_file_lines() {
    use customer_lens::core::ingest::SetAside;
    for newline in ["\n", "\r\n", "\r"] {
        for header in [true, false] {
            let text = small(newline, header);
            let options = small_options(header);
            let got = read(text.as_bytes(), &options, &mut |_| {}).expect("reads");
            let what = format!("{newline:?}, header {header}");
            assert_eq!(got.account.read, 5, "{what}");
            assert_eq!(got.account.used, 4, "{what}");
            assert!(got.account.balances(), "{what}");
            let example = &got.account.examples[&SetAside::MissingCustomerId][0];
            assert_eq!(
                example.line,
                3 + u64::from(header),
                "{what}: the file line of the row"
            );
            let lines: Vec<u64> = got.transactions.line.clone();
            let first = 1 + u64::from(header);
            assert_eq!(
                lines,
                vec![first, first + 1, first + 3, first + 4],
                "{what}"
            );
            // Cut into pieces, the same.
            for step in [1, 2, 5] {
                let source = Chunked {
                    data: text.as_bytes(),
                    step,
                };
                let cut = read_source(&source, &options, &mut |_| {}).expect("reads");
                assert_eq!(
                    fingerprint(&cut),
                    fingerprint(&got),
                    "{what}, {step} bytes at a time"
                );
            }
        }
    }
}
