//! The self-test any user can run: the CDNOW sample shipped in the build, summarised over the 39-week
//! calibration period of Fader, Hardie & Lee (2005), fitted by BG/NBD, Pareto/NBD and Gamma-Gamma, beside
//! the parameters those papers publish.

use serde::{Deserialize, Serialize};

use super::bgnbd::BgNbd;
use super::count::CountProcess;
use super::gamma_gamma::GammaGamma;
use super::horizon::PurchasePeriod;
use super::pareto_nbd::ParetoNbd;
use super::summary::{summarize, Rft};
use super::FitError;
use crate::core::ingest::{read, IngestError, ReadOptions};
use crate::core::table::{parse_iso_day, Role};

/// The CDNOW 1/10 sample (lifetimes 0.11.3, MIT; see `tests/data/README.md`).
const CDNOW: &[u8] = include_bytes!("../../../tests/data/CDNOW_sample.txt");

/// The end of the papers' calibration period.
const CALIBRATION_END: &str = "1997-09-30";

/// Where the published numbers come from.
pub const SOURCES: &str = "BG/NBD: Fader, Hardie & Lee (2005), \"Counting your customers the easy way\", Marketing Science 24(2). Pareto/NBD: Fader, Hardie & Lee (2005), \"A note on implementing the Pareto/NBD model in MATLAB\". Gamma-Gamma: Fader, Hardie & Lee (2005), \"RFM and CLV: using iso-value curves for customer base analysis\", JMR 42(4). Data: the CDNOW 1/10 sample, 2,357 customers, 39 weeks to 1997-09-30, time in weeks.";

/// One parameter of one model, ours beside the published value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The model.
    pub model: String,
    /// The parameter.
    pub parameter: String,
    /// Our estimate.
    pub ours: f64,
    /// The published estimate.
    pub published: f64,
    /// Whether ours rounds to the published value (within half a unit of its last published digit).
    pub agrees: bool,
}

/// The self-test's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfTest {
    /// Every parameter checked.
    pub checks: Vec<Check>,
    /// Customers in the calibration summary.
    pub customers: usize,
}

impl SelfTest {
    /// True when every parameter agrees.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.agrees)
    }
}

/// `(name, published, decimals published)` per parameter.
type Published = [(&'static str, f64, i32)];

fn checks(model: &str, ours: &[f64], published: &Published) -> Vec<Check> {
    ours.iter()
        .zip(published)
        .map(|(&ours, &(parameter, published, decimals))| Check {
            model: model.into(),
            parameter: parameter.into(),
            ours,
            published,
            agrees: (ours - published).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-12,
        })
        .collect()
}

/// Why the self-test could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelfTestError {
    /// The bundled sample could not be read.
    #[error(transparent)]
    Read(#[from] IngestError),
    /// A model could not be fitted on it.
    #[error(transparent)]
    Fit(#[from] FitError),
}

/// The CDNOW sample's calibration summary in weeks.
fn calibration() -> Result<Vec<Rft>, SelfTestError> {
    let end = parse_iso_day(CALIBRATION_END).expect("CALIBRATION_END is a date");
    let options = ReadOptions {
        until_day: Some(end),
        roles: Some(vec![
            None,
            Some(Role::Customer),
            Some(Role::Date),
            Some(Role::Quantity),
            Some(Role::Amount),
        ]),
        ..Default::default()
    };
    let got = read(CDNOW, &options, &mut |_| {})?;
    Ok(summarize(&got.transactions, end, 7.0, PurchasePeriod::Day))
}

/// Fits the three models on the CDNOW calibration summary and sets each parameter beside the published.
pub fn run() -> Result<SelfTest, SelfTestError> {
    let data = calibration()?;
    let bg = BgNbd::fit(&data)?;
    let pareto = ParetoNbd::fit(&data)?;
    let gg = GammaGamma::fit(&data)?;
    let mut all = checks(
        "BG/NBD",
        &[bg.params().as_slice(), &[bg.log_likelihood()]].concat(),
        &[
            ("r", 0.243, 3),
            ("alpha", 4.414, 3),
            ("a", 0.793, 3),
            ("b", 2.426, 3),
            ("log-likelihood", -9582.4, 1),
        ],
    );
    all.extend(checks(
        "Pareto/NBD",
        &[pareto.params().as_slice(), &[pareto.log_likelihood()]].concat(),
        &[
            ("r", 0.553, 3),
            ("alpha", 10.58, 2),
            ("s", 0.606, 3),
            ("beta", 11.67, 2),
            ("log-likelihood", -9595.0, 1),
        ],
    ));
    all.extend(checks(
        "Gamma-Gamma",
        &gg.params(),
        &[("p", 6.25, 2), ("q", 3.74, 2), ("gamma", 15.44, 2)],
    ));
    Ok(SelfTest {
        checks: all,
        customers: data.len(),
    })
}
