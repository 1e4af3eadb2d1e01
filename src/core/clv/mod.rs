//! Customer lifetime value: the repeat-purchase summary, BG/NBD and Gamma-Gamma, fitted by maximum
//! likelihood.

pub mod analysis;
pub mod bgnbd;
pub mod calibration;
mod choice;
pub mod count;
pub mod diagnosis;
pub mod error;
pub mod fit;
pub mod gamma_gamma;
pub mod histories;
pub mod holdout;
pub mod horizon;
pub mod intervals;
pub mod mbgnbd;
pub mod model;
pub mod outcome;
pub mod pareto_nbd;
pub mod pmf;
pub mod predict;
pub mod prior;
pub mod selftest;
pub mod simulate;
pub mod special;
pub mod summary;
pub mod summary_file;
pub mod value;

pub use error::{ClvError, FitError};

/// A log-likelihood and its gradient with respect to the parameters.
pub type ValueAndGradient = (f64, Vec<f64>);

/// Rejects data no purchase-count model can learn from.
fn check_data(model: &'static str, data: &[summary::Rft]) -> Result<(), FitError> {
    if data.len() < 2 {
        return Err(FitError::Degenerate {
            model: model.into(),
            reason: "fewer than two customers".into(),
        });
    }
    if data.iter().all(|c| c.frequency == 0) {
        return Err(FitError::Degenerate {
            model: model.into(),
            reason: "no customer bought twice".into(),
        });
    }
    Ok(())
}

/// Checks that every named parameter of `model` is positive and finite.
fn check_params(model: &'static str, params: &[(&'static str, f64)]) -> Result<(), FitError> {
    match params.iter().find(|(_, v)| !(v.is_finite() && *v > 0.0)) {
        Some(&(name, value)) => Err(FitError::InvalidParameter {
            model: model.into(),
            name: name.into(),
            value,
        }),
        None => Ok(()),
    }
}
