//! The bottom layer every stage shares: column roles, the calendar of day numbers, and the typed,
//! columnar transaction table ingest writes and every model reads.

pub mod calendar;
pub mod role;
pub mod transactions;

pub use calendar::{
    day_number, day_of, iso_date, parse_iso_day, year_month, Day, NotADate, YearMonths,
};
pub use role::{normalize_name, Role};
pub use transactions::{Dictionary, TextColumn, Transactions};
