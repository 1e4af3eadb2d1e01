//! The merge gives the same lines, codes and account however the rows are cut into batches.

use super::*;
use crate::core::ingest::{SetAside, MAX_CELL};

/// An Online Retail file of 60 rows: repeated customers and products, rows set aside for several
/// reasons, exact copies of earlier rows (some far back), cells too long to show and an invalid date.
fn file() -> String {
    let long = "x".repeat(MAX_CELL + 10);
    let mut text = String::from(
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n",
    );
    let mut rows: Vec<String> = Vec::new();
    for i in 0..60 {
        let row = match i % 10 {
            3 => rows[i / 2].clone(),
            5 => format!("5{i},A{},Mug,2,2010-12-0{} 08:26,1.5,,UK", i % 7, 1 + i % 8),
            6 => format!("C5{i},A1,Mug,-1,2010-12-02 09:00,1.5,1{},UK", i % 4),
            7 if i == 17 => format!("5{i},B,{long},1,2010-12-03 10:00,3.0,1{},{long}", i % 5),
            8 if i == 28 => format!("5{i},B,Bowl,1,2010-02-30 10:00,3.0,12,France"),
            9 => format!("5{i},B,Bowl,1,2010-12-04 10:00,0,12,France"),
            _ => format!(
                "5{},P{},Item {},{},2010-12-0{} 1{}:00,{}.25,1{},{}",
                i / 3,
                i % 6,
                i % 6,
                1 + i % 3,
                1 + i % 8,
                i % 10,
                1 + i % 4,
                (i * 7) % 9,
                ["UK", "France", "Spain"][i % 3]
            ),
        };
        rows.push(row);
    }
    for row in &rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

/// The file read with its rows cut into batches of `size`, merged in order.
fn merged(text: &str, size: usize) -> Ingested {
    let options = ReadOptions::default();
    let delimiter = Delimiter::Byte(b',');
    let layout = Layout::detect(
        &mut csv_reader(delimiter, Box::new(text.as_bytes())),
        &options,
    )
    .expect("a layout");
    let mut builder = Builder::new(&layout);
    let mut merge = Merge::new(
        &layout,
        builder.columns(),
        builder.date_column(),
        builder.finds_duplicates(),
        0,
    );
    let mut rdr = csv_reader(delimiter, Box::new(text.as_bytes()));
    let mut batch = Batch::default();
    for record in rdr.byte_records().skip(1) {
        let record = record.expect("a record");
        batch.push(&record, record.position().expect("a position").line());
        if batch.len() == size {
            merge.absorb(builder.check(&batch));
            batch.clear();
        }
    }
    merge.absorb(builder.check(&batch));
    let source = source_info(&layout, Encoding::Utf8, delimiter);
    merge.finish(source, &options).expect("lines used")
}

/// Every column of the lines, with codes as the strings they stand for.
fn columns(i: &Ingested) -> Vec<String> {
    let tx = &i.transactions;
    let mut out = vec![
        format!(
            "{:?}",
            (0..tx.len())
                .map(|k| tx.customers.get(tx.customer[k]))
                .collect::<Vec<_>>()
        ),
        format!(
            "{:?}",
            (0..tx.customers.len() as u32)
                .map(|c| tx.customers.get(c))
                .collect::<Vec<_>>()
        ),
        format!(
            "{:?} {:?} {:?} {:?} {}",
            tx.line, tx.order, tx.time, tx.amount, tx.orders
        ),
        format!("{:?}", tx.numbers),
    ];
    for (role, column) in &tx.texts {
        let values: Vec<&str> = (0..column.dictionary.len() as u32)
            .map(|c| column.dictionary.get(c))
            .collect();
        out.push(format!("{role:?} {:?} {values:?}", column.codes));
    }
    out
}

#[test]
fn batches_of_any_size_merge_to_the_same_file() {
    let text = file();
    let whole = merged(&text, usize::MAX);
    let account = &whole.account;
    assert_eq!(account.read, 60);
    assert!(account.balances());
    // Copies of rows 1, 11 and 21; those of 6, 16 and 26 are cancellations like them.
    assert_eq!(account.set_aside[&SetAside::DuplicateRow], 3);
    assert_eq!(account.set_aside[&SetAside::Cancellation], 9);
    assert_eq!(account.set_aside[&SetAside::MissingCustomerId], 6);
    assert_eq!(account.set_aside[&SetAside::NonPositivePrice], 6);
    assert_eq!(account.set_aside[&SetAside::UnparseableDate], 1);
    let first_copy = &account.examples[&SetAside::DuplicateRow][0];
    assert_eq!(first_copy.line, 5);
    // Row 17 (line 19) has a long description and a long country.
    assert_eq!(account.shortened, (2, 19));
    for size in [1, 2, 3, 7, 16, 59] {
        let cut = merged(&text, size);
        assert_eq!(cut.account, whole.account, "batches of {size}");
        assert_eq!(columns(&cut), columns(&whole), "batches of {size}");
    }
}
