//! Why a lifetime-value model, or the whole step, could not run.

use serde::{Deserialize, Serialize};

/// Why a model could not be fitted, in words a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitError {
    /// Too few customers or no repeat purchases.
    #[error("{model} needs repeat purchases to learn from: {reason}")]
    Degenerate {
        /// The model.
        model: String,
        /// What is missing.
        reason: String,
    },
    /// A parameter given to a model is not a positive number.
    #[error("{model}'s {name} must be a positive number, not {value}")]
    InvalidParameter {
        /// The model.
        model: String,
        /// The parameter.
        name: String,
        /// Its value.
        value: f64,
    },
    /// The optimizer failed.
    #[error("{model} could not be fitted: {message}")]
    Optimizer {
        /// The model.
        model: String,
        /// The optimizer's message.
        message: String,
    },
    /// The likelihood is not finite anywhere the optimizer looked.
    #[error("{model} could not be fitted: the likelihood is not finite for these data")]
    NoFit {
        /// The model.
        model: String,
    },
    /// The optimizer was still improving after all its runs.
    #[error("{model} did not converge: the likelihood was still improving after 4 x 800 steps; try weeks as the time unit or a longer period")]
    NotConverged {
        /// The model.
        model: String,
    },
}

/// Why the lifetime-value step gave no values, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClvError {
    /// The calibration end is outside the data.
    #[error("The calibration end must fall between the first purchase and the analysis date; {0} does not.")]
    CalibrationOutside(String),
    /// No purchase-count model could be fitted: the first model's reason.
    #[error(transparent)]
    NoModel(#[from] FitError),
    /// The model asked for, or every model, failed without a reason.
    #[error("No model could be fitted.")]
    NothingFitted,
    /// The spend model (Gamma-Gamma) could not be fitted and no spend per purchase was given.
    #[error("{0}. Give a spend per purchase to value customers without a spend model.")]
    Spend(FitError),
}
