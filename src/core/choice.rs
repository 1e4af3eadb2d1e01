//! Settings with a fixed set of values (the time unit, the date order, the purchase period, the count
//! model, the basket level): each value has one key, which the command takes and the page's `<option>`
//! carries, so both read and write a setting the same way.

use std::fmt;
use std::str::FromStr;

use crate::core::basket::baskets::Level;
use crate::core::clv::horizon::{PurchasePeriod, TimeUnit};
use crate::core::clv::model::ModelKind;
use crate::core::ingest::DateOrder;

/// A setting with a fixed set of values.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order offered.
    const ALL: &'static [Self];

    /// The value's key.
    fn key(self) -> &'static str;
}

/// Text that is not the key of any value of a setting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("takes {expected}, not '{given}'")]
pub struct UnknownKey {
    /// The keys, in words ("day, week or month").
    pub expected: String,
    /// The text given.
    pub given: String,
}

/// The value whose key is `text`.
pub fn parse<C: Choice>(text: &str) -> Result<C, UnknownKey> {
    let text = text.trim();
    C::ALL
        .iter()
        .copied()
        .find(|c| c.key() == text)
        .ok_or_else(|| UnknownKey {
            expected: keys::<C>(),
            given: text.to_string(),
        })
}

/// The keys of `C` in words: "a, b or c".
pub fn keys<C: Choice>() -> String {
    let all: Vec<&str> = C::ALL.iter().map(|c| c.key()).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => all.join(""),
    }
}

/// `FromStr` and `Display` by the key, for each setting with a fixed set of values.
macro_rules! by_key {
    ($($t:ty),*) => {$(
        impl FromStr for $t {
            type Err = UnknownKey;

            fn from_str(text: &str) -> Result<$t, UnknownKey> {
                parse(text)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
    )*};
}

by_key!(TimeUnit, DateOrder, PurchasePeriod, ModelKind, Level);

impl Choice for TimeUnit {
    const ALL: &'static [TimeUnit] = &[TimeUnit::Days, TimeUnit::Weeks];

    fn key(self) -> &'static str {
        self.name()
    }
}

impl Choice for DateOrder {
    const ALL: &'static [DateOrder] =
        &[DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst];

    fn key(self) -> &'static str {
        match self {
            DateOrder::Auto => "auto",
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }
}

impl Choice for PurchasePeriod {
    const ALL: &'static [PurchasePeriod] = &[
        PurchasePeriod::Day,
        PurchasePeriod::Week,
        PurchasePeriod::Month,
    ];

    fn key(self) -> &'static str {
        match self {
            PurchasePeriod::Day => "day",
            PurchasePeriod::Week => "week",
            PurchasePeriod::Month => "month",
        }
    }
}

impl Choice for ModelKind {
    const ALL: &'static [ModelKind] = &ModelKind::ALL;

    fn key(self) -> &'static str {
        match self {
            ModelKind::Bgnbd => "bgnbd",
            ModelKind::ParetoNbd => "pareto-nbd",
            ModelKind::Mbgnbd => "mbgnbd",
        }
    }
}

impl Choice for Level {
    const ALL: &'static [Level] = &Level::ALL;

    fn key(self) -> &'static str {
        match self {
            Level::Product => "product",
            Level::Description => "description",
            Level::SubCategory => "sub-category",
            Level::Category => "category",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of `C` reads back from its key, and the keys differ.
    fn round_trip<C: Choice + fmt::Debug + fmt::Display>() {
        for &c in C::ALL {
            assert_eq!(parse::<C>(c.key()), Ok(c));
            assert_eq!(parse::<C>(&c.to_string()), Ok(c), "Display writes the key");
        }
        let mut keys: Vec<&str> = C::ALL.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), C::ALL.len());
    }

    #[test]
    fn every_key_reads_back_and_others_are_refused_in_words() {
        round_trip::<TimeUnit>();
        round_trip::<DateOrder>();
        round_trip::<PurchasePeriod>();
        round_trip::<ModelKind>();
        round_trip::<Level>();
        assert_eq!(
            parse::<PurchasePeriod>("year").unwrap_err().to_string(),
            "takes day, week or month, not 'year'"
        );
        assert_eq!(keys::<TimeUnit>(), "days or weeks");
    }
}
