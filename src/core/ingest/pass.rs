//! One pass over the file: the head read to detect the layout, then every row decoded, parsed and
//! checked as the bytes stream in.

#[cfg(not(target_arch = "wasm32"))]
use std::collections::BTreeMap;
use std::io::Read;

use csv::ByteRecord;

use super::batch::Batch;
use super::builder::Builder;
use super::layout::Layout;
use super::merge::Merge;
use super::sniff::binary_kind;
use super::sniff::unclosed_quote;
use super::stream::{
    is_not_utf8, read_head, Decode, LineEnds, Rewrite, Utf8Checked, WhitespaceToTabs,
};
use super::{
    encoding_of, sniff_delimiter, ByteSource, DateOrder, Delimiter, Encoding, IngestError,
    Ingested, ReadOptions, SourceInfo, SAMPLE_ROWS,
};

/// Bytes of the head that layout detection reads at the least (the delimiter sniff reads 64 KiB).
const HEAD_MIN: usize = 128 * 1024;
/// The most the head holds, for files with very long rows.
const HEAD_MAX: usize = 16 << 20;

/// How one pass over the file ended, when it did not end in transactions.
pub(super) enum Pass {
    /// The head was UTF-8 and a later byte is not: read again as Windows-1252.
    NotUtf8,
    /// The file cannot be analysed.
    Failed(IngestError),
}

impl From<IngestError> for Pass {
    fn from(e: IngestError) -> Pass {
        Pass::Failed(e)
    }
}

/// An I/O error of the stream as a pass outcome.
fn io_failure(e: &std::io::Error) -> Pass {
    if is_not_utf8(e) {
        Pass::NotUtf8
    } else {
        Pass::Failed(IngestError::Unreadable(e.to_string()))
    }
}

/// Reads `source` once in `encoding` (detected when `None`) into transactions and their account.
pub(super) fn read_pass(
    source: &(impl ByteSource + ?Sized),
    encoding: Option<Encoding>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Ingested, Pass> {
    let mut raw = source.open().map_err(|e| io_failure(&e))?;
    let (mut head, whole) =
        read_head(&mut raw, HEAD_MIN, SAMPLE_ROWS + 2, HEAD_MAX).map_err(|e| io_failure(&e))?;
    if whole && head.trim_ascii().is_empty() {
        return Err(IngestError::Empty.into());
    }
    if let Some(kind) = binary_kind(&head) {
        return Err(IngestError::NotText(kind.into()).into());
    }
    let encoding = encoding.unwrap_or_else(|| encoding_of(&head, whole));
    if encoding == Encoding::Utf8 && head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    // A UTF-16 byte-order mark before 8-bit text is noise: dropped, so it cannot turn the decoder to UTF-16.
    if encoding == Encoding::Windows1252
        && (head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF"))
    {
        head.drain(..2);
    }
    // Lines ended by CR (CRLF or CR alone) are rewritten to end in LF, so every row keeps its file line.
    let cr = head.contains(&b'\r');
    // The head as text, cut after its last complete line.
    let mut head_text = Vec::new();
    decoded(encoding, cr, Box::new(&head[..]))
        .read_to_end(&mut head_text)
        .or_else(|e| if is_not_utf8(&e) { Ok(0) } else { Err(e) })
        .map_err(|e| io_failure(&e))?;
    if !whole {
        let cut = head_text.iter().rposition(|&b| b == b'\n');
        head_text.truncate(cut.map_or(0, |c| c + 1));
    }
    let delimiter = sniff_delimiter(&head_text).ok_or(IngestError::OneColumn)?;
    if let (true, Delimiter::Byte(d)) = (whole, delimiter) {
        if let Some((line, lines)) = unclosed_quote(&head_text, d).filter(|q| q.1 > 0) {
            return Err(IngestError::UnclosedQuote { line, lines }.into());
        }
    }
    let layout = Layout::detect(
        &mut csv_reader(delimiter, Box::new(&head_text[..])),
        options,
    )?;
    drop(head_text);
    let source_info = source_info(&layout, encoding, delimiter);
    let builder = Builder::new(&layout);
    let size = source.size();
    // Rows take 60 bytes or more: reserving up front avoids regrowing the columns of large files.
    let mut merge = Merge::new(
        &layout,
        builder.columns(),
        builder.date_column(),
        builder.finds_duplicates(),
        usize::try_from(size / 60).unwrap_or(0),
    );
    let text = decoded(
        encoding,
        cr,
        Box::new(std::io::Cursor::new(head).chain(raw)),
    );
    let mut records = Records {
        rdr: csv_reader(delimiter, text),
        record: ByteRecord::new(),
        header: layout.has_header,
        total: size.max(1) as f64,
    };
    check_all(&mut records, &builder, &mut merge, progress)?;
    progress(1.0);
    Ok(merge.finish(source_info, options)?)
}

/// What the pass found of the file before reading its rows.
fn source_info(layout: &Layout, encoding: Encoding, delimiter: Delimiter) -> SourceInfo {
    SourceInfo {
        encoding,
        delimiter,
        has_header: layout.has_header,
        columns: layout.columns.clone(),
        date_order: DateOrder::Auto,
        amount_source: layout.amount_source,
        orders_only: layout.orders_only,
    }
}

/// Data records a checker takes at once, at most.
const BATCH: usize = 16_384;
/// Bytes of records a checker takes at once, at most (a few records of very long cells).
const BATCH_BYTES: usize = 16 << 20;

/// The data records of the file: the header and blank lines skipped.
struct Records<'a> {
    rdr: csv::Reader<Box<dyn Read + 'a>>,
    record: ByteRecord,
    /// The header is still to be skipped.
    header: bool,
    /// The file's size in bytes, for the share read.
    total: f64,
}

impl Records<'_> {
    /// Reads up to [`BATCH`] records into `batch`, none at the end of the file; gives the share read.
    fn next_batch(&mut self, batch: &mut Batch) -> Result<f64, Pass> {
        batch.clear();
        let mut at = None;
        while batch.len() < BATCH && batch.size() < BATCH_BYTES {
            match self.rdr.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(malformed(&e)),
            }
            if std::mem::take(&mut self.header) {
                continue;
            }
            if self.record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            at = self.record.position().cloned();
            batch.push(&self.record, at.as_ref().map_or(0, |p| p.line()));
        }
        Ok(at.map_or(1.0, |p| p.byte() as f64 / self.total))
    }
}

/// A CSV error as a pass outcome.
fn malformed(e: &csv::Error) -> Pass {
    if let csv::ErrorKind::Io(io) = e.kind() {
        return io_failure(io);
    }
    let line = e.position().map_or(0, |p| p.line());
    Pass::Failed(IngestError::Malformed {
        line,
        message: e.to_string(),
    })
}

/// Checks every batch of `records` and merges the parts in file order: natively on a checker thread per
/// core while this thread reads; in the browser's worker one batch after another.
fn check_all(
    records: &mut Records,
    builder: &Builder,
    merge: &mut Merge,
    progress: &mut dyn FnMut(f64),
) -> Result<(), Pass> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if threads > 1 {
            return check_parallel(records, builder, merge, progress, threads);
        }
    }
    let mut builder = builder.clone();
    let mut batch = Batch::default();
    loop {
        let share = records.next_batch(&mut batch)?;
        if batch.len() == 0 {
            return Ok(());
        }
        progress(share);
        merge.absorb(builder.check(&batch));
    }
}

/// [`check_all`] on `threads` checkers and a merging thread, batches numbered so the merge keeps the
/// file's order whichever checker ends first.
#[cfg(not(target_arch = "wasm32"))]
fn check_parallel(
    records: &mut Records,
    builder: &Builder,
    merge: &mut Merge,
    progress: &mut dyn FnMut(f64),
    threads: usize,
) -> Result<(), Pass> {
    use super::builder::Part;
    use std::sync::{mpsc, Mutex};
    let (to_check, batches) = mpsc::sync_channel::<(usize, Batch)>(threads);
    let batches = Mutex::new(batches);
    std::thread::scope(|s| {
        // Owned here, so the checkers see the end of the batches when this closure returns.
        let to_check = to_check;
        let (to_merge, parts) = mpsc::sync_channel::<(usize, Part)>(threads);
        let (to_reuse, spent) = mpsc::channel::<Batch>();
        for _ in 0..threads {
            let (batches, to_merge, to_reuse) = (&batches, to_merge.clone(), to_reuse.clone());
            let mut builder = builder.clone();
            s.spawn(move || loop {
                let Ok((seq, batch)) = batches.lock().expect("a checker panicked").recv() else {
                    break;
                };
                let part = builder.check(&batch);
                if to_merge.send((seq, part)).is_err() {
                    break;
                }
                // Once the file is read no batch is reused, but those still queued are checked.
                let _ = to_reuse.send(batch);
            });
        }
        drop((to_merge, to_reuse));
        s.spawn(move || {
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (seq, part) in parts {
                waiting.insert(seq, part);
                while let Some(part) = waiting.remove(&next) {
                    merge.absorb(part);
                    next += 1;
                }
            }
        });
        let mut seq = 0;
        loop {
            let mut batch = spent.try_recv().unwrap_or_default();
            let share = records.next_batch(&mut batch)?;
            // A checker that panicked ends the sending; the scope then reports its panic.
            if batch.len() == 0 || to_check.send((seq, batch)).is_err() {
                return Ok(());
            }
            progress(share);
            seq += 1;
        }
    })
}

/// The stream as UTF-8 text, its lines ended by LF alone when `cr`.
fn decoded<'a>(encoding: Encoding, cr: bool, raw: Box<dyn Read + 'a>) -> Box<dyn Read + 'a> {
    let text: Box<dyn Read + 'a> = match encoding {
        Encoding::Utf8 => Box::new(Utf8Checked::new(raw)),
        Encoding::Windows1252 => Box::new(Decode::new(raw, encoding_rs::WINDOWS_1252)),
        Encoding::Utf16Le => Box::new(Decode::new(raw, encoding_rs::UTF_16LE)),
        Encoding::Utf16Be => Box::new(Decode::new(raw, encoding_rs::UTF_16BE)),
    };
    if cr {
        Box::new(Rewrite::new(text, LineEnds::default()))
    } else {
        text
    }
}

/// A CSV reader of decoded text with `delimiter` (space-aligned lines rewritten with tabs).
fn csv_reader<'a>(
    delimiter: Delimiter,
    text: Box<dyn Read + 'a>,
) -> csv::Reader<Box<dyn Read + 'a>> {
    let (d, quoting, text): (u8, bool, Box<dyn Read + 'a>) = match delimiter {
        Delimiter::Byte(d) => (d, true, text),
        Delimiter::Whitespace => (
            b'\t',
            false,
            Box::new(Rewrite::new(text, WhitespaceToTabs::default())),
        ),
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .quoting(quoting)
        .buffer_capacity(1 << 20)
        .from_reader(text)
}

#[cfg(test)]
mod tests;
