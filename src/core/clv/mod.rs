//! Customer lifetime value: the repeat-purchase summary, BG/NBD and Gamma-Gamma, fitted by maximum
//! likelihood.

pub mod bgnbd;
pub mod fit;
pub mod gamma_gamma;
pub mod mbgnbd;
pub mod pareto_nbd;
pub mod special;
pub mod summary;

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
    /// The optimum is on the edge of the parameter space.
    #[error("{model} has no interior optimum for these data (parameters {params:?}): the model does not fit")]
    Boundary {
        /// The model.
        model: &'static str,
        /// Where the optimizer stopped.
        params: Vec<f64>,
    },
}
