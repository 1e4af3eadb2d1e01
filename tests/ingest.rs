//! Ingest on small fixture files (tests/data/ingest): every layout the issue lists and every bad case.

use customer_lens::core::ingest::{
    read, AmountSource, DateOrder, Delimiter, Encoding, IngestError, Ingested, ReadOptions,
    SetAside,
};
use customer_lens::core::table::Role;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/ingest/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture exists")
}

fn ingest(name: &str) -> Ingested {
    ingest_with(name, &ReadOptions::default())
}

fn ingest_with(name: &str, options: &ReadOptions) -> Ingested {
    let got = read(&fixture(name), options, &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        got.account.balances(),
        "{name}: rows read = used + set aside"
    );
    got
}

fn revenue(i: &Ingested) -> f64 {
    i.transactions.amount.iter().sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn online_retail_row_account_names_every_reason() {
    let got = ingest("online_retail.csv");
    let a = &got.account;
    assert_eq!((a.read, a.used), (11, 3));
    let count = |r| a.set_aside.get(&r).copied().unwrap_or(0);
    assert_eq!(count(SetAside::DuplicateRow), 1);
    assert_eq!(count(SetAside::Cancellation), 2);
    assert_eq!(count(SetAside::MissingCustomerId), 1);
    assert_eq!(count(SetAside::NonPositivePrice), 1);
    assert_eq!(count(SetAside::UnparseableDate), 1);
    assert_eq!(count(SetAside::UnparseableNumber), 1);
    assert_eq!(count(SetAside::MalformedRow), 1);
    // Examples name the line, the column and the text at fault.
    let ex = &a.examples[&SetAside::UnparseableNumber][0];
    assert_eq!(
        (ex.line, ex.column.as_deref(), ex.value.as_deref()),
        (10, Some("Quantity"), Some("five"))
    );
    let ex = &a.examples[&SetAside::Cancellation];
    assert_eq!(ex[0].value.as_deref(), Some("C536379"));
    assert_eq!((ex[1].line, ex[1].value.as_deref()), (6, Some("-3")));
    assert_eq!(a.examples[&SetAside::MalformedRow][0].line, 13);
    assert_eq!(a.examples[&SetAside::DuplicateRow][0].line, 4);
    // Used: two lines of 536365 and the line whose quoted description holds a newline.
    let tx = &got.transactions;
    assert_eq!(tx.customers.len(), 2);
    assert_eq!(tx.customers.get(0), "17850", "a float id loses its .0");
    assert_eq!(tx.orders, 2);
    assert!(close(revenue(&got), 6.0 * 2.55 + 6.0 * 3.39 + 2.0 * 4.25));
    assert_eq!(got.source.amount_source, AmountSource::QuantityTimesPrice);
    assert_eq!(got.source.date_order, DateOrder::MonthFirst);
    let desc = &tx.texts[&Role::Description];
    assert_eq!(desc.dictionary.get(desc.codes[2]), "RETROSPOT\nTEA SET");
}

#[test]
fn day_first_override_sets_aside_dates_that_do_not_exist() {
    let got = ingest_with(
        "online_retail.csv",
        &ReadOptions {
            date_order: DateOrder::DayFirst,
            ..Default::default()
        },
    );
    // 12/14/2010 has no month 14: set aside with its text; 12/1/2010 becomes 12 January.
    assert_eq!(got.account.set_aside[&SetAside::UnparseableDate], 2);
    assert_eq!(got.account.used, 2);
    assert_eq!(got.source.date_order, DateOrder::DayFirst);
}

#[test]
fn tab_separated_iso_dates() {
    let got = ingest("retail_ii.tsv");
    assert_eq!(got.source.delimiter, Delimiter::Byte(b'\t'));
    assert_eq!((got.account.read, got.account.used), (3, 3));
    assert_eq!(got.transactions.orders, 2);
    assert!(close(revenue(&got), 12.0 * (6.95 + 6.75 + 2.55)));
    assert_eq!(got.transactions.time[0] % 86_400, 7 * 3600 + 45 * 60);
}

#[test]
fn semicolons_with_decimal_commas_and_no_invoice_column() {
    let got = ingest("semicolon_decimal_comma.csv");
    assert_eq!(got.source.delimiter, Delimiter::Byte(b';'));
    assert!(close(revenue(&got), 12_642_501.91 + 1.09 + 3.5));
    // Without an invoice, an order is a customer's day.
    assert_eq!(got.transactions.orders, 2);
    assert_eq!(got.source.date_order, DateOrder::DayFirst);
}

#[test]
fn whitespace_without_header_keeps_identical_rows() {
    let got = ingest("whitespace_noheader.txt");
    assert_eq!(got.source.delimiter, Delimiter::Whitespace);
    assert!(!got.source.has_header);
    let roles: Vec<Option<Role>> = got.source.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        vec![
            Some(Role::Customer),
            None,
            Some(Role::Date),
            Some(Role::Quantity),
            Some(Role::Amount)
        ]
    );
    // Identical rows without an invoice column are repeat purchases, not duplicates.
    assert_eq!(got.account.used, 4);
    assert_eq!(got.transactions.orders, 3);
    assert!(close(revenue(&got), 29.33 + 29.73 + 2.0 * 14.96));
}

#[test]
fn utf8_bom_and_superstore_names() {
    let got = ingest("bom_superstore.csv");
    assert_eq!(got.source.encoding, Encoding::Utf8);
    assert_eq!(
        got.source.columns[0].name, "Row ID",
        "the byte-order mark is not part of the first name"
    );
    assert_eq!(got.source.columns[0].role, None);
    assert_eq!(
        got.source.columns[3].role, None,
        "the ship date is not the order date"
    );
    assert_eq!(got.source.date_order, DateOrder::DayFirst);
    assert!(close(revenue(&got), 2309.65 + 100.35 + 3709.40));
    let profit: f64 = got.transactions.numbers[&Role::Profit].iter().sum();
    assert!(close(profit, 762.18 - 4.00 - 288.77));
    let desc = &got.transactions.texts[&Role::Description];
    assert_eq!(desc.dictionary.get(0), "Café Chair");
}

#[test]
fn windows_1252_is_decoded() {
    let got = ingest("latin1.csv");
    assert_eq!(got.source.encoding, Encoding::Windows1252);
    let desc = &got.transactions.texts[&Role::Description];
    assert_eq!(desc.dictionary.get(0), "Crème brûlée €");
    assert!(close(revenue(&got), 12.5));
}

#[test]
fn explicit_roles_replace_detection() {
    // Take the quantity as the amount: every line is then worth its units.
    let mut roles: Vec<Option<Role>> = ingest("retail_ii.tsv")
        .source
        .columns
        .iter()
        .map(|c| c.role)
        .collect();
    roles[3] = Some(Role::Amount);
    roles[5] = None;
    let got = ingest_with(
        "retail_ii.tsv",
        &ReadOptions {
            roles: Some(roles),
            ..Default::default()
        },
    );
    assert_eq!(got.source.amount_source, AmountSource::Column);
    assert!(close(revenue(&got), 36.0));
}

#[test]
fn files_that_cannot_be_analysed_say_why() {
    let err = |name: &str| read(&fixture(name), &ReadOptions::default(), &mut |_| {}).err();
    assert_eq!(err("empty.csv"), Some(IngestError::Empty));
    assert_eq!(err("one_column.csv"), Some(IngestError::OneColumn));
    let no_date = err("no_date.csv").unwrap();
    assert!(matches!(no_date, IngestError::NoDateColumn(_)));
    // The columns come with the error, for the page to offer the mapping.
    let unmapped = no_date.unmapped().unwrap();
    assert!(unmapped.has_header);
    assert!(unmapped.columns.iter().all(|c| c.role != Some(Role::Date)));
    assert!(unmapped.columns.iter().all(|c| !c.samples.is_empty()));
    assert!(matches!(
        err("no_customer.csv"),
        Some(IngestError::NoCustomerColumn(_))
    ));
    match err("all_cancelled.csv") {
        Some(e @ IngestError::NothingLeft(_)) => {
            assert!(e.to_string().contains("2 rows set aside as cancellation"))
        }
        other => panic!("expected NothingLeft, got {other:?}"),
    }
    assert_eq!(
        read(b"", &ReadOptions::default(), &mut |_| {}).err(),
        Some(IngestError::Empty)
    );
}

#[test]
fn cdnow_sample_without_header() {
    let bytes = std::fs::read(format!(
        "{}/tests/data/CDNOW_sample.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let got = read(&bytes, &ReadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(got.account.read, 6_919);
    assert_eq!(got.account.used, 6_919);
    assert_eq!(got.transactions.customers.len(), 2_357);
}

#[test]
fn a_json_basket_column_becomes_one_line_per_product() {
    let got = ingest("json_baskets.csv");
    let a = &got.account;
    // Six rows: four used (expanded into 2 + 2 + 2 + 1 lines), two set aside with the reason.
    assert_eq!((a.read, a.used, a.lines), (6, 4, 7));
    assert_eq!(a.set_aside[&SetAside::BadBasket], 2);
    let bad = &a.examples[&SetAside::BadBasket];
    assert_eq!((bad[0].line, bad[0].column.as_deref()), (5, Some("items")));
    assert!(bad[0]
        .value
        .as_deref()
        .unwrap()
        .starts_with("not valid JSON"));
    assert!(bad[1]
        .value
        .as_deref()
        .unwrap()
        .starts_with("an empty basket"));
    let tx = &got.transactions;
    let products: Vec<&str> = (0..tx.len())
        .map(|i| {
            let p = &tx.texts[&Role::Product];
            p.dictionary.get(p.codes[i])
        })
        .collect();
    assert_eq!(products, ["A12", "B7", "A12", "C3", "B7", "C3", "C3"]);
    assert_eq!(
        tx.numbers[&Role::Quantity],
        [2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0]
    );
    // Order 1: the total 30 split by units (2 of 3, 1 of 3); order 2: each item's own price; order 3: 8
    // split evenly.
    assert_eq!(tx.amount, [20.0, 10.0, 4.5, 7.5, 4.0, 4.0, 5.0]);
    // Lines of one row stay one order.
    assert_eq!(tx.order[0], tx.order[1]);
    assert_eq!(tx.orders, 4);
    // A basket row after the analysis date is one row set aside, whatever its items.
    let options = ReadOptions {
        until_day: customer_lens::core::table::parse_iso_day("2024-01-31"),
        ..Default::default()
    };
    let cut = ingest_with("json_baskets.csv", &options);
    assert_eq!(cut.account.set_aside[&SetAside::AfterAnalysisDate], 2);
    assert_eq!((cut.account.used, cut.account.lines), (2, 4));
}

#[test]
fn priced_baskets_without_an_amount_column_are_valued_at_their_prices() {
    let csv = "customer,date,basket\n\
               A,2024-01-05,\"[{\"\"sku\"\": \"\"A12\"\", \"\"qty\"\": 2, \"\"price\"\": 1.5}]\"\n\
               B,2024-01-06,\"[{\"\"sku\"\": \"\"B7\"\", \"\"price\"\": 4}]\"\n";
    let got = read(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(got.source.amount_source, AmountSource::QuantityTimesPrice);
    assert_eq!(got.transactions.amount, [3.0, 4.0]);
    // Without prices the lines count as items.
    let plain = "customer,date,basket\nA,2024-01-05,\"[\"\"A12\"\", \"\"B7\"\"]\"\n";
    let got = read(plain.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(got.source.amount_source, AmountSource::Lines);
    assert_eq!(got.transactions.amount, [1.0, 1.0]);
}

#[test]
fn numbers_beyond_range_are_set_aside_not_summed() {
    // Line 3: each number is finite, their product is not; line 4: the product is 1e20.
    let text = "Invoice,Customer ID,InvoiceDate,Quantity,Price\n\
                1,A,2024-01-01,2,3.5\n\
                2,A,2024-01-02,1e20,1e308\n\
                3,B,2024-01-03,1e10,1e10\n\
                4,B,2024-01-04,1,2000000000000000000\n\
                5,C,2024-01-05,1,4\n";
    let got = read(text.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    assert!(got.account.balances());
    assert_eq!(got.account.used, 2);
    assert_eq!(got.account.set_aside[&SetAside::OutOfRange], 3);
    let lines: Vec<u64> = got.account.examples[&SetAside::OutOfRange]
        .iter()
        .map(|e| e.line)
        .collect();
    assert_eq!(lines, [3, 4, 5]);
    let columns: Vec<&str> = got.account.examples[&SetAside::OutOfRange]
        .iter()
        .filter_map(|e| e.column.as_deref())
        .collect();
    assert_eq!(columns, ["Quantity", "Quantity", "Price"]);
    assert_eq!(revenue(&got), 7.0 + 4.0);
}

fn error_of(text: &str) -> IngestError {
    match read(text.as_bytes(), &ReadOptions::default(), &mut |_| {}) {
        Err(e) => e,
        Ok(got) => panic!("expected an error, got {:?}", got.account),
    }
}

#[test]
fn a_named_date_column_with_bad_values_is_named_with_the_value() {
    let e = error_of("Customer ID,InvoiceDate,Sales\nA,abc,5\nB,soon,7\n").to_string();
    assert!(
        e.contains("2 rows set aside as unparseable date (line 2: InvoiceDate is 'abc')"),
        "{e}"
    );
    assert!(!e.contains("No column holds dates"), "{e}");
    // Some good dates: the bad rows are set aside by reason, the rest used.
    let got = read(
        b"Customer ID,Order Date,Sales\nA,2020-01-01,5\nB,soon,7\nC,later,8\n",
        &ReadOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(got.account.used, 1);
    assert_eq!(got.account.set_aside[&SetAside::UnparseableDate], 2);
}

#[test]
fn a_named_customer_column_left_empty_is_said_so() {
    let e = error_of("Customer ID,InvoiceDate,Sales\n,2020-01-01,5\n,2020-01-02,7\n").to_string();
    assert!(
        e.contains("2 rows set aside as missing customer id (line 2: Customer ID is"),
        "{e}"
    );
    assert!(!e.contains("Name the column"), "{e}");
}

#[test]
fn a_header_without_rows_is_said_so() {
    let e = error_of("Customer ID,InvoiceDate,Sales\n");
    assert_eq!(
        e,
        IngestError::NoRows("Customer ID, InvoiceDate, Sales".into())
    );
    assert!(e.to_string().contains("no rows of data"));
}

#[test]
fn an_unclosed_quote_names_its_line() {
    let e = error_of("Customer ID,InvoiceDate,Sales\nA,2020-01-01,5\nB,\"2020-01-02,7\nC,2020-01-03,8\nD,2020-01-04,9\n");
    assert_eq!(e, IngestError::UnclosedQuote { line: 3, lines: 2 });
    assert!(e
        .to_string()
        .starts_with("Line 3 opens a quote that is never closed"));
    // A last line cut inside its quote loses only that row.
    let got = read(
        b"Customer ID,InvoiceDate,Sales\nA,2020-01-01,5\nB,\"2020-01-0",
        &ReadOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((got.account.read, got.account.used), (2, 1));
}

#[test]
fn words_in_number_columns_are_set_aside_not_the_columns() {
    let file = "Customer ID,InvoiceDate,Quantity,Price\nA,2020-01-01,2,3.5\nB,2020-01-02,abc,1\n\
                C,2020-01-03,NaN,2\nD,2020-01-04,1,inf\nE,2020-01-05,4,-\n";
    let got = read(file.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    let roles: Vec<Option<Role>> = got.source.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles[2], Some(Role::Quantity));
    assert_eq!(roles[3], Some(Role::UnitPrice));
    assert_eq!(got.source.amount_source, AmountSource::QuantityTimesPrice);
    assert_eq!(got.account.used, 1);
    assert_eq!(got.account.set_aside[&SetAside::UnparseableNumber], 4);
    assert!(got.account.balances());
    assert_eq!(got.transactions.amount, vec![7.0]);
}

#[test]
fn long_cells_are_kept_short_and_distinct_and_counted() {
    let long_a = "a".repeat(5_000_000);
    let long_b = format!("{}b", "a".repeat(300));
    let file = format!(
        "Customer ID,InvoiceDate,Description,Sales\n{long_a},2020-01-01,x,5\n{long_b},2020-01-02,{long_a},7\nC,2020-01-03,y,1\n"
    );
    let got = read(file.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(got.account.used, 3);
    assert_eq!(got.account.shortened, (3, 2));
    let ids: Vec<&str> = (0..3)
        .map(|i| got.transactions.customers.get(i as u32))
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids[0] != ids[1],
        "two ids sharing their first 200 characters stay apart"
    );
    for id in &ids[..2] {
        assert!(id.chars().count() <= 200 + 18, "{}", id.len());
        assert!(id.starts_with(&"a".repeat(200)) && id.contains("…#"));
    }
    assert_eq!(ids[2], "C");
    let samples = &got.source.columns[0].samples;
    assert!(samples.iter().all(|s| s.len() < 300));
}

#[test]
fn utf16_unicode_text_is_read_and_a_stray_utf16_mark_is_dropped() {
    let text = "Customer ID\tInvoiceDate\tDescription\tSales\nA\t2020-01-01\tCafé crème\t5\nB\t2020-01-02\tTée\t7\n";
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        let mut file = bom.to_vec();
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            file.extend_from_slice(&b);
        }
        let got = read(&file, &ReadOptions::default(), &mut |_| {}).unwrap();
        let want = if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        };
        assert_eq!(got.source.encoding, want);
        assert_eq!(got.account.used, 2);
        assert_eq!(got.source.columns[0].name, "Customer ID");
        assert_eq!(got.source.columns[2].samples[0], "Café crème");
    }
    // The mark before 8-bit text (a Windows-1252 byte in it) is dropped, not taken for UTF-16.
    let mut file =
        b"\xFF\xFECustomer ID,InvoiceDate,Sales\nA,2020-01-01,5\nB\xE9,2020-01-02,7\n".to_vec();
    let got = read(&file, &ReadOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(got.source.encoding, Encoding::Windows1252);
    assert_eq!(got.source.columns[0].name, "Customer ID");
    assert_eq!(got.account.used, 2);
    file.drain(..2);
    file.splice(0..0, *b"\xFE\xFF");
    assert_eq!(
        read(&file, &ReadOptions::default(), &mut |_| {})
            .unwrap()
            .account
            .used,
        2
    );
}
