//! `Checked`: settings that passed every rule of their check in `core::settings`. A stage takes only
//! these, so it never meets a value out of its range (linfa's `ParamGuard`); it reads as the settings it
//! holds.

use std::ops::Deref;

/// Settings that passed their check.
#[derive(Debug)]
pub struct Checked<'a, T>(&'a T);

impl<'a, T> Checked<'a, T> {
    /// Settings a check of `core::settings` passed; only those checks call this.
    pub(crate) fn passed(settings: &'a T) -> Checked<'a, T> {
        Checked(settings)
    }

    /// The settings, for as long as they are borrowed.
    pub fn get(self) -> &'a T {
        self.0
    }
}

impl<T> Clone for Checked<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Checked<'_, T> {}

impl<T> Deref for Checked<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0
    }
}
