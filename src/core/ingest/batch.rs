//! Records of the file read at once: every field of every record in one buffer, so a batch costs its
//! bytes and four more per field, and its buffers serve batch after batch.

use csv::ByteRecord;

/// Records read one after another, for one checker to take.
#[derive(Default)]
pub(super) struct Batch {
    /// The fields' bytes, one after another.
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`.
    ends: Vec<u32>,
    /// Each record's first field (an index in `ends`) and its line in the file.
    records: Vec<(usize, u64)>,
}

impl Batch {
    /// Empties the batch, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.records.clear();
    }

    /// Records held.
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    /// Bytes held.
    pub(super) fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Appends a copy of `record`, read at `line` of the file.
    pub(super) fn push(&mut self, record: &ByteRecord, line: u64) {
        self.records.push((self.ends.len(), line));
        for field in record {
            self.bytes.extend_from_slice(field);
            self.ends.push(self.bytes.len() as u32);
        }
    }

    /// The records, in the order read.
    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.records.len()).map(|k| {
            let (first, line) = self.records[k];
            let last = self.records.get(k + 1).map_or(self.ends.len(), |r| r.0);
            let start = first.checked_sub(1).map_or(0, |i| self.ends[i]);
            Row {
                bytes: &self.bytes,
                ends: &self.ends[first..last],
                start,
                line,
            }
        })
    }
}

/// One record of a batch: its fields and its line in the file.
#[derive(Clone, Copy)]
pub(super) struct Row<'a> {
    bytes: &'a [u8],
    ends: &'a [u32],
    start: u32,
    /// Line in the file, 1-based, counting the header.
    pub(super) line: u64,
}

impl<'a> Row<'a> {
    /// Number of fields.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`, when the record has it.
    pub(super) fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(self.start, |p| self.ends[p]);
        Some(&self.bytes[start as usize..end as usize])
    }

    /// The fields in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Every field's bytes, one after another.
    pub(super) fn as_slice(&self) -> &'a [u8] {
        let end = self.ends.last().copied().unwrap_or(self.start);
        &self.bytes[self.start as usize..end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_fields_and_lines() {
        let mut batch = Batch::default();
        batch.push(&ByteRecord::from(vec!["a", "", "ccc"]), 2);
        batch.push(&ByteRecord::from(Vec::<&str>::new()), 3);
        batch.push(&ByteRecord::from(vec!["", "dd"]), 5);
        let rows: Vec<Row> = batch.rows().collect();
        assert_eq!(rows.len(), 3);
        let fields = |r: &Row| r.iter().map(|f| f.to_vec()).collect::<Vec<_>>();
        assert_eq!(fields(&rows[0]), [b"a".to_vec(), vec![], b"ccc".to_vec()]);
        assert_eq!(rows[0].as_slice(), b"accc");
        assert!(fields(&rows[1]).is_empty());
        assert_eq!(rows[1].as_slice(), b"");
        assert_eq!(fields(&rows[2]), [vec![], b"dd".to_vec()]);
        assert_eq!(
            (rows[2].get(1), rows[2].get(2), rows[2].line),
            (Some(&b"dd"[..]), None, 5)
        );
        batch.clear();
        assert_eq!((batch.len(), batch.size()), (0, 0));
    }
}
