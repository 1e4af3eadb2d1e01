//! A file as a stream of decoded text. Bytes arrive in chunks (a browser `File` read slice by slice, a
//! file on disk, a slice in tests); they are checked or decoded to UTF-8 and, for space-aligned files,
//! rewritten as tab-separated lines as they pass, so no buffer ever holds the whole file. Each adapter keeps
//! its state across chunk boundaries (a multi-byte character, a line cut in two).

use std::io::{self, Read};

use super::sniff::whitespace_line;

/// Bytes that can be read from the start as often as needed.
pub trait ByteSource {
    /// Size in bytes.
    fn size(&self) -> u64;
    /// A reader from the first byte.
    fn open(&self) -> io::Result<Box<dyn Read + '_>>;
}

impl ByteSource for [u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self))
    }
}

impl ByteSource for Vec<u8> {
    fn size(&self) -> u64 {
        self.as_slice().size()
    }
    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        self.as_slice().open()
    }
}

/// A file on disk, read as it is parsed.
pub struct FileSource {
    path: std::path::PathBuf,
    size: u64,
}

impl FileSource {
    /// The file at `path`; fails when it cannot be opened.
    pub fn new(path: impl Into<std::path::PathBuf>) -> io::Result<FileSource> {
        let path = path.into();
        let size = std::fs::metadata(&path)?.len();
        Ok(FileSource { path, size })
    }
}

impl ByteSource for FileSource {
    fn size(&self) -> u64 {
        self.size
    }
    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(std::fs::File::open(&self.path)?))
    }
}

/// Bytes each adapter asks of the one before it.
const CHUNK: usize = 1 << 20;

/// The error a [`Utf8Checked`] stream ends with when it meets bytes that are not UTF-8.
#[derive(Debug)]
pub struct NotUtf8;

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the bytes are not UTF-8")
    }
}

impl std::error::Error for NotUtf8 {}

/// Whether an I/O error is a [`Utf8Checked`] stream meeting bytes that are not UTF-8.
pub fn is_not_utf8(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<NotUtf8>())
}

/// Reads until `buf` is full or the stream ends; returns the bytes read.
fn fill(inner: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match inner.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Copies what `out` can take of `ready[*start..]` and moves `start` past it.
fn hand_out(out: &mut [u8], ready: &[u8], start: &mut usize) -> usize {
    let n = out.len().min(ready.len() - *start);
    out[..n].copy_from_slice(&ready[*start..*start + n]);
    *start += n;
    n
}

/// Passes UTF-8 through, checking it; ends with [`NotUtf8`] at the first byte that is not.
pub struct Utf8Checked<R> {
    inner: R,
    buf: Vec<u8>,
    /// `buf[start..valid]` is checked and not yet handed out; `buf[valid..end]` is the start of a character
    /// whose other bytes are in the next chunk.
    start: usize,
    valid: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Utf8Checked<R> {
    /// Checks `inner`.
    pub fn new(inner: R) -> Self {
        Utf8Checked {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            valid: 0,
            end: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.start == self.valid {
            if self.eof {
                return if self.valid == self.end {
                    Ok(0)
                } else {
                    Err(io::Error::new(io::ErrorKind::InvalidData, NotUtf8))
                };
            }
            // Move the cut character to the front and read the rest of the chunk after it.
            self.buf.copy_within(self.valid..self.end, 0);
            let carried = self.end - self.valid;
            let n = fill(&mut self.inner, &mut self.buf[carried..])?;
            self.eof = n == 0;
            self.start = 0;
            self.end = carried + n;
            self.valid = match std::str::from_utf8(&self.buf[..self.end]) {
                Ok(_) => self.end,
                Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
                Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, NotUtf8)),
            };
        }
        Ok(hand_out(out, &self.buf[..self.valid], &mut self.start))
    }
}

/// Decodes Windows-1252 or UTF-16 to UTF-8 with encoding_rs's streaming decoder (a byte-order mark, if any,
/// selects its own encoding and is dropped, as `encoding_rs::Encoding::decode` does).
pub struct Decode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
}

impl<R: Read> Decode<R> {
    /// Decodes `inner`, written in `encoding`.
    pub fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Decode {
            inner,
            decoder: encoding.new_decoder(),
            input: vec![0; CHUNK],
            in_start: 0,
            in_end: 0,
            // One input byte gives at most three output bytes.
            output: vec![0; 3 * CHUNK + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.out_end {
            if self.finished {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = fill(&mut self.inner, &mut self.input)?;
                self.eof = n == 0;
                self.in_start = 0;
                self.in_end = n;
            }
            let src = &self.input[self.in_start..self.in_end];
            let (_, read, written, _) =
                self.decoder.decode_to_utf8(src, &mut self.output, self.eof);
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            self.finished = self.eof && self.in_start == self.in_end;
        }
        Ok(hand_out(
            out,
            &self.output[..self.out_end],
            &mut self.out_start,
        ))
    }
}

/// A rewrite of text chunk by chunk, keeping its own state across chunk boundaries.
pub trait Rewriter {
    /// Appends the rewrite of `input` that is settled so far to `out`.
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>);
    /// Appends what is left at the end of the stream.
    fn finish(&mut self, out: &mut Vec<u8>);
}

/// A stream rewritten by a [`Rewriter`].
pub struct Rewrite<R, W> {
    inner: R,
    rewriter: W,
    input: Vec<u8>,
    output: Vec<u8>,
    out_start: usize,
    eof: bool,
}

impl<R: Read, W: Rewriter> Rewrite<R, W> {
    /// Rewrites `inner` with `rewriter`.
    pub fn new(inner: R, rewriter: W) -> Self {
        Rewrite {
            inner,
            rewriter,
            input: vec![0; CHUNK],
            output: Vec::with_capacity(CHUNK),
            out_start: 0,
            eof: false,
        }
    }
}

impl<R: Read, W: Rewriter> Read for Rewrite<R, W> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.output.len() {
            if self.eof {
                return Ok(0);
            }
            self.output.clear();
            self.out_start = 0;
            let n = fill(&mut self.inner, &mut self.input)?;
            if n == 0 {
                self.eof = true;
                self.rewriter.finish(&mut self.output);
            } else {
                self.rewriter.feed(&self.input[..n], &mut self.output);
            }
        }
        Ok(hand_out(out, &self.output, &mut self.out_start))
    }
}

/// Ends every line with LF alone (CRLF and CR-only files, as Windows and old Mac exports write them), so
/// the CSV reader, which counts lines by LF, numbers each row by its file line. A CR at the end of one chunk
/// waits for the first byte of the next.
#[derive(Default)]
pub struct LineEnds {
    /// The last byte read was a CR.
    after_cr: bool,
}

impl Rewriter for LineEnds {
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &b in input {
            if std::mem::take(&mut self.after_cr) {
                out.push(b'\n');
                if b == b'\n' {
                    continue;
                }
            }
            if b == b'\r' {
                self.after_cr = true;
            } else {
                out.push(b);
            }
        }
    }
    fn finish(&mut self, out: &mut Vec<u8>) {
        if std::mem::take(&mut self.after_cr) {
            out.push(b'\n');
        }
    }
}

/// Rewrites whitespace-aligned lines as tab-separated ones (see [`whitespace_line`]), line by line.
#[derive(Default)]
pub struct WhitespaceToTabs {
    /// The start of a line whose end is in the next chunk.
    pending: Vec<u8>,
}

impl Rewriter for WhitespaceToTabs {
    fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        self.pending.extend_from_slice(input);
        if let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') {
            for line in self.pending[..last].split(|&b| b == b'\n') {
                whitespace_line(line, out);
            }
            self.pending.drain(..=last);
        }
    }
    fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.pending.is_empty() {
            whitespace_line(&self.pending, out);
            self.pending.clear();
        }
    }
}

/// The first bytes of a stream, enough to detect the layout: at least `min_bytes` and `lines` lines (or the
/// whole stream), at most `max_bytes`. Returns them and whether the stream ended.
pub fn read_head(
    inner: &mut dyn Read,
    min_bytes: usize,
    lines: usize,
    max_bytes: usize,
) -> io::Result<(Vec<u8>, bool)> {
    let mut head = Vec::new();
    let mut chunk = vec![0; 256 * 1024];
    let (mut lf, mut cr) = (0, 0);
    loop {
        let n = fill(inner, &mut chunk)?;
        if n == 0 {
            return Ok((head, true));
        }
        lf += chunk[..n].iter().filter(|&&b| b == b'\n').count();
        cr += chunk[..n].iter().filter(|&&b| b == b'\r').count();
        head.extend_from_slice(&chunk[..n]);
        // CRLF, LF and CR-only files: the larger count is the number of lines.
        let enough = head.len() >= min_bytes && lf.max(cr) > lines;
        if enough || head.len() >= max_bytes {
            return Ok((head, false));
        }
    }
}

#[cfg(test)]
mod tests;
