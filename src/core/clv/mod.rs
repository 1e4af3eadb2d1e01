//! Customer lifetime value: the repeat-purchase summary, BG/NBD and Gamma-Gamma, fitted by maximum
//! likelihood.

pub mod analysis;
pub mod bgnbd;
pub mod diagnosis;
pub mod fit;
pub mod gamma_gamma;
pub mod histories;
pub mod holdout;
pub mod horizon;
pub mod intervals;
pub mod mbgnbd;
pub mod model;
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

/// Rejects data no purchase-count model can learn from.
fn check_data(model: &'static str, data: &[summary::Rft]) -> Result<(), ClvError> {
    if data.len() < 2 {
        return Err(ClvError::Degenerate {
            model,
            reason: "fewer than two customers".into(),
        });
    }
    if data.iter().all(|c| c.frequency == 0) {
        return Err(ClvError::Degenerate {
            model,
            reason: "no customer bought twice".into(),
        });
    }
    Ok(())
}

/// Checks that every named parameter of `model` is positive and finite.
fn check_params(model: &'static str, params: &[(&'static str, f64)]) -> Result<(), ClvError> {
    match params.iter().find(|(_, v)| !(v.is_finite() && *v > 0.0)) {
        Some(&(name, value)) => Err(ClvError::InvalidParameter { model, name, value }),
        None => Ok(()),
    }
}

/// Why a model could not be fitted, in words a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClvError {
    /// Too few customers or no repeat purchases.
    #[error("{model} needs repeat purchases to learn from: {reason}")]
    Degenerate {
        /// The model.
        model: &'static str,
        /// What is missing.
        reason: String,
    },
    /// A parameter given to a model is not a positive number.
    #[error("{model}'s {name} must be a positive number, not {value}")]
    InvalidParameter {
        /// The model.
        model: &'static str,
        /// The parameter.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// The optimizer failed.
    #[error("{model} could not be fitted: {message}")]
    Optimizer {
        /// The model.
        model: &'static str,
        /// The optimizer's message.
        message: String,
    },
    /// The likelihood is not finite anywhere the optimizer looked.
    #[error("{model} could not be fitted: the likelihood is not finite for these data")]
    NoFit {
        /// The model.
        model: &'static str,
    },
    /// The optimizer was still improving after all its runs.
    #[error("{model} did not converge: the likelihood was still improving after 4 x 800 steps; try weeks as the time unit or a longer period")]
    NotConverged {
        /// The model.
        model: &'static str,
    },
}
