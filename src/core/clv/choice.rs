//! Fitting every count model, and choosing the one that values the customers, with why in a sentence.

use super::bgnbd::BgNbd;
use super::calibration::Check;
use super::count::Fitted;
use super::diagnosis::identified;
use super::error::FitError;
use super::holdout::{mae, predictions};
use super::model::{CountModel, FitMethod, ModelKind};
use super::outcome::ModelFit;
use super::summary::Rft;

/// A fitted model the step may use: on all the data, and on the calibration period when there is one.
pub(super) struct Candidate {
    pub(super) model: Fitted<CountModel>,
    pub(super) method: FitMethod,
    pub(super) calibration: Option<Fitted<CountModel>>,
    pub(super) row: usize,
}

/// Every count model's fits: the comparison table's rows, the candidates and the first fitting error.
pub(super) struct Fits {
    pub(super) rows: Vec<ModelFit>,
    pub(super) candidates: Vec<Candidate>,
    pub(super) first_error: Option<FitError>,
}

/// Fits every count model on `data` by maximum likelihood, and regularised where the data do not
/// identify the maximum likelihood; each fit is also made on the calibration period and its holdout
/// error measured when there is a holdout.
pub(super) fn fit_candidates(data: &[Rft], check: Option<&Check>, unit_days: f64) -> Fits {
    let holdout_horizon = check.map(|c| (c.analysis_day - c.end) as f64 / unit_days);
    let mut rows: Vec<ModelFit> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut bg: Option<BgNbd> = None;
    let mut first_error: Option<FitError> = None;
    for kind in ModelKind::ALL {
        let ml = match CountModel::fit_from(kind, data, bg.as_ref(), FitMethod::MaximumLikelihood) {
            Ok(m) => m,
            Err(e) => {
                rows.push(ModelFit::failed(kind, e.clone()));
                first_error.get_or_insert(e);
                continue;
            }
        };
        if let CountModel::Bgnbd(b) = ml.model() {
            bg = Some(b.clone());
        }
        // Where the data do not identify the maximum likelihood, the regularised fit is a candidate too.
        let regularised = (!identified(&ml))
            .then(|| CountModel::fit_at(kind, data, None, FitMethod::Regularised).ok())
            .flatten();
        let fits = [(ml, FitMethod::MaximumLikelihood)]
            .into_iter()
            .chain(regularised.map(|m| (m, FitMethod::Regularised)));
        for (model, method) in fits {
            let checked = check.and_then(|c| {
                let s = &c.split;
                let cm = CountModel::fit_from(kind, &s.calibration, None, method).ok()?;
                let error = mae(&predictions(&cm, s, holdout_horizon?), &s.actual);
                Some((cm, error))
            });
            rows.push(ModelFit::fitted(
                &model,
                method,
                data.len(),
                checked.as_ref().map(|c| c.1),
            ));
            candidates.push(Candidate {
                model,
                method,
                calibration: checked.map(|c| c.0),
                row: rows.len() - 1,
            });
        }
    }
    Fits {
        rows,
        candidates,
        first_error,
    }
}

/// The candidate to use and why, in a sentence: the one of the user's model (or of any) with the smallest
/// holdout error; without a holdout the highest likelihood, taking the regularised fit of a model whose
/// maximum likelihood the data do not identify.
pub(super) fn choose<'a>(
    candidates: &'a [Candidate],
    rows: &[ModelFit],
    wanted: Option<ModelKind>,
) -> Option<(&'a Candidate, String)> {
    let pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| wanted.is_none_or(|k| c.model.kind() == k))
        .collect();
    let pool = if pool.is_empty() {
        candidates.iter().collect()
    } else {
        pool
    };
    let label = |c: &Candidate| format!("{} ({})", c.model.kind().name(), c.method.name());
    let error = |c: &Candidate| rows[c.row].holdout_mae;
    let mut checked: Vec<&Candidate> = pool
        .iter()
        .copied()
        .filter(|c| error(c).is_some())
        .collect();
    checked.sort_by(|a, b| {
        error(a)
            .unwrap_or(f64::INFINITY)
            .total_cmp(&error(b).unwrap_or(f64::INFINITY))
    });
    if let Some(&best) = checked.first() {
        let against = checked
            .get(1)
            .map(|next| {
                format!(
                    " against {:.3} for {}",
                    error(next).unwrap_or(f64::NAN),
                    label(next)
                )
            })
            .unwrap_or_default();
        let why = if wanted.is_some_and(|k| k == best.model.kind()) {
            "chosen in the settings; of its fits, its forecasts of the holdout were the closest"
        } else {
            "its forecasts of the holdout were the closest"
        };
        return Some((
            best,
            format!(
                "{} is in use: {why}, {:.4} purchases per customer off{against}.",
                label(best),
                error(best).unwrap_or(f64::NAN)
            ),
        ));
    }
    let has_regularised = |k: ModelKind| {
        pool.iter()
            .any(|c| c.model.kind() == k && c.method == FitMethod::Regularised)
    };
    let best = pool
        .iter()
        .copied()
        .filter(|c| c.method == FitMethod::Regularised || !has_regularised(c.model.kind()))
        .max_by(|a, b| {
            a.model
                .log_likelihood()
                .total_cmp(&b.model.log_likelihood())
        })?;
    let why = match best.method {
        _ if wanted.is_some_and(|k| k == best.model.kind()) && !has_regularised(best.model.kind()) => "chosen in the settings; with no holdout its forecasts are not checked",
        FitMethod::Regularised => "the data do not identify its maximum likelihood, and without a holdout to compare the two, the fit that stays finite is used",
        FitMethod::MaximumLikelihood => "the highest likelihood; with no holdout its forecasts are not checked",
    };
    Some((best, format!("{} is in use: {why}.", label(best))))
}
