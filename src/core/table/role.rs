//! Column roles: what each column of a transaction file means, and the names that say so.

use serde::{Deserialize, Serialize};

/// What a column holds. Every analysis reads columns through their role, never their position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Who bought: customer or member id (required).
    Customer,
    /// The order or invoice; without it an order is a customer's purchases on one day.
    Order,
    /// When (required).
    Date,
    /// The line's total value.
    Amount,
    /// Units on the line.
    Quantity,
    /// Price of one unit (amount = quantity x unit price when there is no amount column).
    UnitPrice,
    /// Product code or id.
    Product,
    /// Product name or description.
    Description,
    /// Product category.
    Category,
    /// Product sub-category.
    SubCategory,
    /// Country or market.
    Country,
    /// Region within the market (a sales region, e.g. East, West).
    Region,
    /// Profit on the line.
    Profit,
    /// Shipping cost of the line.
    ShippingCost,
    /// Ship mode.
    ShipMode,
    /// Discount on the line.
    Discount,
    /// Store or location.
    Store,
    /// The id of the member who referred this customer.
    Sponsor,
    /// The order's products as JSON in one cell, expanded into one line per product.
    Basket,
}

/// Each role's key and label, in the order the roles are declared.
const NAMES: [(&str, &str); 19] = [
    ("customer", "customer id"),
    ("order", "order / invoice"),
    ("date", "date"),
    ("amount", "amount"),
    ("quantity", "quantity"),
    ("unit-price", "unit price"),
    ("product", "product"),
    ("description", "description"),
    ("category", "category"),
    ("sub-category", "sub-category"),
    ("country", "country"),
    ("region", "region"),
    ("profit", "profit"),
    ("shipping-cost", "shipping cost"),
    ("ship-mode", "ship mode"),
    ("discount", "discount"),
    ("store", "store / location"),
    ("sponsor", "sponsor id"),
    ("basket", "basket (JSON of products)"),
];

impl Role {
    /// Every role, in the order the mapping panel lists them (the order they are declared in).
    pub const ALL: [Role; 19] = [
        Role::Customer,
        Role::Order,
        Role::Date,
        Role::Amount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Product,
        Role::Description,
        Role::Category,
        Role::SubCategory,
        Role::Country,
        Role::Region,
        Role::Profit,
        Role::ShippingCost,
        Role::ShipMode,
        Role::Discount,
        Role::Store,
        Role::Sponsor,
        Role::Basket,
    ];

    /// A one-word name for settings and flags (`--column customer="Customer Name"`).
    pub fn key(self) -> &'static str {
        NAMES[self as usize].0
    }

    /// The role of a `key`.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        NAMES[self as usize].1
    }

    /// True for roles whose cells are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Role::Amount
                | Role::Quantity
                | Role::UnitPrice
                | Role::Profit
                | Role::ShippingCost
                | Role::Discount
        )
    }

    /// Column names (lower case, letters and digits only) that mean this role.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
                "customerid",
                "customer",
                "custid",
                "customerno",
                "customernumber",
                "clientid",
                "client",
                "memberid",
                "membernumber",
                "member",
                "userid",
                "buyerid",
                "accountid",
                "kunde",
                "kundennummer",
                "cliente",
                "klant",
            ],
            Role::Order => &[
                "invoice",
                "invoiceno",
                "invoiceid",
                "invoicenumber",
                "orderid",
                "order",
                "orderno",
                "ordernumber",
                "transaction",
                "transactionid",
                "transactionno",
                "receipt",
                "receiptid",
                "basketid",
            ],
            Role::Date => &[
                "invoicedate",
                "orderdate",
                "date",
                "transactiondate",
                "purchasedate",
                "datetime",
                "timestamp",
                "saledate",
                "time",
                "datum",
                "fecha",
            ],
            Role::Amount => &[
                "sales",
                "amount",
                "revenue",
                "total",
                "totalprice",
                "totalamount",
                "dollarvalue",
                "value",
                "spend",
                "linetotal",
                "netsales",
                "purchaseamount",
                "umsatz",
                "betrag",
                "importe",
                "montant",
            ],
            Role::Quantity => &[
                "quantity",
                "qty",
                "numberofcds",
                "units",
                "count",
                "itemcount",
            ],
            Role::UnitPrice => &["unitprice", "price", "itemprice", "priceeach"],
            Role::Product => &[
                "stockcode",
                "productid",
                "sku",
                "itemid",
                "productcode",
                "itemcode",
                "product",
            ],
            Role::Description => &[
                "description",
                "productname",
                "itemdescription",
                "item",
                "itemname",
                "productdescription",
            ],
            Role::Category => &["category", "productcategory", "department"],
            Role::SubCategory => &["subcategory", "productsubcategory"],
            Role::Country => &["country", "market", "countryname"],
            Role::Region => &["region", "salesregion"],
            Role::Profit => &["profit", "margin", "grossprofit"],
            Role::ShippingCost => &["shippingcost", "shipping", "freight", "deliverycost"],
            Role::ShipMode => &["shipmode", "shippingmode", "deliverymode"],
            Role::Discount => &["discount", "discountamount"],
            Role::Store => &[
                "store",
                "storeid",
                "location",
                "shop",
                "branch",
                "storename",
                "outlet",
            ],
            Role::Sponsor => &[
                "sponsor",
                "sponsorid",
                "referrer",
                "referrerid",
                "referredby",
                "sponsorno",
            ],
            Role::Basket => &[
                "basket",
                "items",
                "products",
                "cart",
                "orderitems",
                "lineitems",
                "basketitems",
            ],
        }
    }
}
/// Lower-cases and keeps letters and digits: `"Customer ID"` -> `customerid`, `Sub-Category` -> `subcategory`.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
