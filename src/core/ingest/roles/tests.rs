//! Unit tests of `ingest::roles`.

use super::*;

#[test]
fn every_role_has_its_own_key_and_label() {
    for (i, r) in Role::ALL.into_iter().enumerate() {
        assert_eq!(r as usize, i);
        assert_eq!(Role::from_key(r.key()), Some(r));
    }
    assert_eq!(Role::UnitPrice.key(), "unit-price");
    assert_eq!(Role::Store.label(), "store / location");
}

fn detect_from(names: &[&str], rows: &[&[&str]]) -> Vec<Option<Role>> {
    let profiles: Vec<ColumnProfile> = (0..names.len())
        .map(|c| ColumnProfile::of(&rows.iter().map(|r| r[c]).collect::<Vec<_>>()))
        .collect();
    detect(
        &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        &profiles,
        true,
    )
}

#[test]
fn online_retail_names() {
    let roles = detect_from(
        &[
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country",
        ],
        &[&[
            "536365",
            "85123A",
            "WHITE HEART",
            "6",
            "12/1/2010 8:26",
            "2.55",
            "17850.0",
            "United Kingdom",
        ]],
    );
    use Role::*;
    assert_eq!(
        roles,
        vec![
            Some(Order),
            Some(Product),
            Some(Description),
            Some(Quantity),
            Some(Date),
            Some(UnitPrice),
            Some(Customer),
            Some(Country)
        ]
    );
}

#[test]
fn superstore_names_skip_row_and_ship_columns() {
    let names = [
        "Row ID",
        "Order ID",
        "Order Date",
        "Ship Date",
        "Ship Mode",
        "Customer ID",
        "Customer Name",
        "Segment",
        "Postal Code",
        "Product ID",
        "Category",
        "Sub-Category",
        "Product Name",
        "Sales",
        "Quantity",
        "Discount",
        "Profit",
    ];
    let row = [
        "1",
        "CA-2016-152156",
        "2016-11-08",
        "2016-11-11",
        "Second Class",
        "CG-12520",
        "Claire Gute",
        "Consumer",
        "42420",
        "FUR-BO-10001798",
        "Furniture",
        "Bookcases",
        "Bush Somerset Collection Bookcase",
        "261.96",
        "2",
        "0",
        "41.9136",
    ];
    let roles = detect_from(&names, &[&row]);
    use Role::*;
    assert_eq!(roles[0], None);
    assert_eq!(roles[1], Some(Order));
    assert_eq!(roles[2], Some(Date));
    assert_eq!(roles[3], None);
    assert_eq!(roles[4], Some(ShipMode));
    assert_eq!(roles[5], Some(Customer));
    assert_eq!(roles[6], None, "customer name is not a second customer id");
    assert_eq!(roles[8], None);
    assert_eq!(roles[9], Some(Product));
    assert_eq!(roles[10], Some(Category));
    assert_eq!(roles[11], Some(SubCategory));
    assert_eq!(roles[12], Some(Description));
    assert_eq!(
        &roles[13..],
        &[Some(Amount), Some(Quantity), Some(Discount), Some(Profit)]
    );
}

#[test]
fn headerless_cdnow_by_values() {
    let rows: [&[&str]; 3] = [
        &["00004", "0001", "19970101", "2", "29.33"],
        &["00004", "0001", "19970118", "2", "29.73"],
        &["00018", "0002", "19970101", "1", "14.96"],
    ];
    let names: Vec<String> = (1..=5).map(|i| format!("column {i}")).collect();
    let profiles: Vec<ColumnProfile> = (0..5)
        .map(|c| ColumnProfile::of(&rows.iter().map(|r| r[c]).collect::<Vec<_>>()))
        .collect();
    assert!(!looks_like_header(rows[0], &profiles));
    use Role::*;
    assert_eq!(
        detect(&names, &profiles, false),
        vec![
            Some(Customer),
            None,
            Some(Date),
            Some(Quantity),
            Some(Amount)
        ]
    );
}

#[test]
fn header_detection() {
    let below = [
        ColumnProfile::of(&["1", "2"]),
        ColumnProfile::of(&["19970101", "19970102"]),
    ];
    assert!(looks_like_header(&["customer_id", "date"], &below));
    assert!(looks_like_header(&["foo", "bar"], &below));
    assert!(!looks_like_header(&["3", "19970103"], &below));
}
