//! One part of a report: switched off, still being worked out, failed with a reason, or done.

use serde::{Deserialize, Serialize};

/// The state of one section; `E` says in plain words why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section<T, E> {
    /// Not run: switched off in the settings, or not something the input supports.
    Off,
    /// Still being worked out (the first results are on their way to the page).
    Pending,
    /// Could not be made, and why.
    Failed(E),
    /// Made.
    Done(T),
}

impl<T, E> Section<T, E> {
    /// `Pending` when the section will run, else `Off`.
    pub fn starting(enabled: bool) -> Self {
        if enabled {
            Section::Pending
        } else {
            Section::Off
        }
    }

    /// The section's value, once done.
    pub fn done(&self) -> Option<&T> {
        match self {
            Section::Done(v) => Some(v),
            _ => None,
        }
    }

    /// Why the section failed, when it did.
    pub fn failed(&self) -> Option<&E> {
        match self {
            Section::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// True while the section is being worked out.
    pub fn is_pending(&self) -> bool {
        matches!(self, Section::Pending)
    }
}

impl<T, E> From<Result<T, E>> for Section<T, E> {
    fn from(r: Result<T, E>) -> Self {
        match r {
            Ok(v) => Section::Done(v),
            Err(e) => Section::Failed(e),
        }
    }
}

impl<T, E: std::fmt::Display> Section<T, E> {
    /// Why there is no value yet, in plain words: the error, that the section was switched off, or
    /// that it is being worked out; `None` once done.
    pub fn why_not(&self) -> Option<String> {
        match self {
            Section::Off => Some("Switched off for this run.".into()),
            Section::Pending => Some("Being worked out.".into()),
            Section::Failed(e) => Some(e.to_string()),
            Section::Done(_) => None,
        }
    }
}
