//! A basket column: one cell holding the order's products as JSON, read into one item per product.
//! Accepted forms: `{"A12": 2, "B7": 1}` (product -> quantity), `[{"product": "A12", "quantity": 2,
//! "price": 3.5}, …]` (quantity and price optional) and `["A12", "B7"]` (one of each).

use serde_json::Value;

use crate::core::table::normalize_name;

/// One product of a basket cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Product id or name.
    pub product: String,
    /// Units (1 when not given).
    pub quantity: f64,
    /// Price of one unit, when given.
    pub price: Option<f64>,
}

/// Keys naming the product, the quantity and the unit price in a list of objects.
const PRODUCT_KEYS: [&str; 9] = [
    "product",
    "productid",
    "sku",
    "item",
    "itemid",
    "id",
    "code",
    "stockcode",
    "name",
];
const QUANTITY_KEYS: [&str; 4] = ["quantity", "qty", "count", "units"];
const PRICE_KEYS: [&str; 3] = ["price", "unitprice", "itemprice"];

/// True when a cell looks like a JSON basket (an object or a list).
pub fn looks_like_basket(cell: &str) -> bool {
    let t = cell.trim();
    (t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']'))
}

/// Why a basket cell cannot be read (a sentence fragment for the row account).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BasketCellError {
    /// The cell is not JSON.
    #[error("not valid JSON")]
    NotJson,
    /// The cell is JSON but neither an object nor a list.
    #[error("neither an object nor a list")]
    NotABasket,
    /// A list entry is neither a product nor an object.
    #[error("an entry is neither a product nor an object")]
    BadEntry,
    /// A list entry names no product.
    #[error("an entry names no product")]
    NoProduct,
    /// A product's quantity is not a number.
    #[error("the quantity of '{0}' is not a number")]
    Quantity(String),
    /// A product's price is not a number.
    #[error("the price of '{0}' is not a number")]
    Price(String),
    /// No products.
    #[error("an empty basket")]
    Empty,
    /// A product with a negative quantity or price.
    #[error("'{0}' has a negative quantity or price")]
    Negative(String),
}

/// The items of a basket cell, or why it cannot be read.
pub fn parse(cell: &str) -> Result<Vec<Item>, BasketCellError> {
    use BasketCellError as E;
    let value: Value = serde_json::from_str(cell.trim()).map_err(|_| E::NotJson)?;
    let items = match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(product, q)| {
                let quantity = number(&q).ok_or_else(|| E::Quantity(product.clone()))?;
                Ok(Item {
                    product,
                    quantity,
                    price: None,
                })
            })
            .collect::<Result<Vec<_>, E>>()?,
        Value::Array(list) => list
            .into_iter()
            .map(|entry| match entry {
                Value::String(product) => Ok(Item {
                    product,
                    quantity: 1.0,
                    price: None,
                }),
                Value::Object(map) => {
                    let field = |keys: &[&str]| {
                        map.iter()
                            .find(|(k, _)| keys.contains(&normalize_name(k).as_str()))
                            .map(|(_, v)| v)
                    };
                    let product = match field(&PRODUCT_KEYS) {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Number(n)) => n.to_string(),
                        _ => return Err(E::NoProduct),
                    };
                    let quantity = match field(&QUANTITY_KEYS) {
                        Some(q) => number(q).ok_or_else(|| E::Quantity(product.clone()))?,
                        None => 1.0,
                    };
                    let price = match field(&PRICE_KEYS) {
                        Some(p) => Some(number(p).ok_or_else(|| E::Price(product.clone()))?),
                        None => None,
                    };
                    Ok(Item {
                        product,
                        quantity,
                        price,
                    })
                }
                _ => Err(E::BadEntry),
            })
            .collect::<Result<Vec<_>, E>>()?,
        _ => return Err(E::NotABasket),
    };
    if items.is_empty() {
        return Err(E::Empty);
    }
    if let Some(bad) = items
        .iter()
        .find(|i| i.quantity < 0.0 || i.price.is_some_and(|p| p < 0.0))
    {
        return Err(E::Negative(bad.product.clone()));
    }
    Ok(items
        .into_iter()
        .map(|i| Item {
            product: i.product.trim().to_string(),
            ..i
        })
        .collect())
}

/// A JSON number, or a string holding one.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(cell: &str) -> Vec<(String, f64, Option<f64>)> {
        parse(cell)
            .unwrap()
            .into_iter()
            .map(|i| (i.product, i.quantity, i.price))
            .collect()
    }

    #[test]
    fn the_three_forms() {
        assert_eq!(
            pairs(r#"{"A12": 2, "B7": "1"}"#),
            [("A12".into(), 2.0, None), ("B7".into(), 1.0, None)]
        );
        assert_eq!(
            pairs(r#"[{"Product": "A12", "qty": 2, "unit_price": 3.5}, {"sku": 77}]"#),
            [("A12".into(), 2.0, Some(3.5)), ("77".into(), 1.0, None)]
        );
        assert_eq!(
            pairs(r#"["A12", " B7 "]"#),
            [("A12".into(), 1.0, None), ("B7".into(), 1.0, None)]
        );
    }

    #[test]
    fn bad_cells_say_why() {
        use BasketCellError as E;
        assert_eq!(parse("{A12: 2}").unwrap_err(), E::NotJson);
        assert_eq!(parse("{}").unwrap_err(), E::Empty);
        let e = parse(r#"{"A12": "two"}"#).unwrap_err();
        assert_eq!(e, E::Quantity("A12".into()));
        assert_eq!(e.to_string(), "the quantity of 'A12' is not a number");
        assert_eq!(parse(r#"[{"qty": 2}]"#).unwrap_err(), E::NoProduct);
        assert_eq!(
            parse(r#"{"A12": -1}"#).unwrap_err(),
            E::Negative("A12".into())
        );
        assert_eq!(parse("3").unwrap_err(), E::NotABasket);
        assert!(looks_like_basket(r#" [{"a": 1}] "#) && !looks_like_basket("A12"));
    }
}
