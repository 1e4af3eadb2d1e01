//! Whether the data identify a purchase model's parameters, and when they do not, what the data show and
//! what follows, in the business's words rather than the optimiser's.

use super::count::Fitted;
use super::fit::at_boundary;
use super::model::{CountModel, FitMethod};
use super::summary::Rft;

/// A standard error this many times its parameter or more says the data hardly pin the parameter down.
const LOOSE: f64 = 5.0;

/// Mean P(alive) above which a model finds no dropout at all.
const EVERYONE_ALIVE: f64 = 0.98;

/// True when the fit is an interior optimum with finite standard errors of a sensible size.
pub fn identified(m: &Fitted<CountModel>) -> bool {
    let params = m.params();
    !at_boundary(&params)
        && m.covariance().is_some()
        && params
            .iter()
            .zip(m.std_errors())
            .all(|(p, se)| se.is_finite() && se < LOOSE * p)
}

/// The repeat customers of `data` silent for longer than twice their usual gap between purchases.
fn long_silent(data: &[Rft]) -> impl Iterator<Item = &Rft> {
    data.iter()
        .filter(|c| c.frequency > 0 && c.t - c.recency > 2.0 * c.recency / f64::from(c.frequency))
}

/// The mean P(alive) under `m` of `customers`.
fn mean_alive<'a>(m: &CountModel, customers: impl Iterator<Item = &'a Rft>) -> f64 {
    let (sum, n) = customers.fold((0.0, 0usize), |(s, n), c| {
        (s + m.p_alive(c.frequency, c.recency, c.t), n + 1)
    });
    sum / n.max(1) as f64
}

/// What the facts of `data` say about a maximum-likelihood fit `ml` the data do not identify, and what
/// follows for the fit in use (`used`, fitted by `method`); `None` when the data identify `ml`. `holdout`
/// says whether a holdout checks the forecasts.
pub fn diagnose(
    ml: &Fitted<CountModel>,
    used: &CountModel,
    method: FitMethod,
    data: &[Rft],
    holdout: bool,
) -> Option<String> {
    if identified(ml) {
        return None;
    }
    let name = ml.kind().name();
    let check = if holdout {
        "the holdout below shows how well that predicts"
    } else {
        "there is no holdout to check it (the data span less than a year, or it was switched off), so read P(alive) as a ranking rather than a probability"
    };
    if mean_alive(ml, data.iter()) <= EVERYONE_ALIVE {
        return Some(format!(
            "The data fit a wide range of {name} parameters almost equally well (a standard error is missing or several times its parameter), so each customer's forecast is uncertain: read the intervals; {check}."
        ));
    }
    let repeat = data.iter().filter(|c| c.frequency > 0).count();
    let silent = long_silent(data).count();
    let share = 100.0 * silent as f64 / repeat.max(1) as f64;
    let alive = 100.0 * mean_alive(used, long_silent(data));
    let follows = match method {
        FitMethod::MaximumLikelihood => format!(
            "The lifetime value below uses this fit, so it assumes customers stay and ranks them by frequency and spend, not by how long they have been silent; {check}."
        ),
        FitMethod::Regularised if alive < 90.0 => format!(
            "The lifetime value below uses the regularised fit, under which a customer silent that long is still active with {alive:.0} % probability on average; {check}."
        ),
        FitMethod::Regularised => format!(
            "Even the regularised fit used below finds almost no dropout (a customer silent that long is still active with {alive:.0} % probability on average), so lifetime value assumes customers stay and ranks them by frequency and spend, not by how long they have been silent; {check}."
        ),
    };
    Some(format!(
        "Only {share:.0} % of the repeat customers in this file ({silent} of {repeat}) have been silent for longer than twice their usual gap between purchases, so {name} by maximum likelihood cannot tell how many have stopped buying and puts P(alive) near 100 % for everyone: P(alive) is not informative here. {follows}"
    ))
}
