//! The Web Worker that runs `core::pipeline::run` off the main thread and reports progress per stage.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::core::network::sample::members_csv;
use crate::core::pipeline::{run_staged, Analysis, Request, Stage};

/// The built-in demo: Tableau's Sample Superstore (MIT; see `data/README.md`).
const DEMO: &[u8] = include_bytes!("../data/superstore_sample.csv");

/// Members in the generated referral demo.
const MEMBERS_DEMO: usize = 1_500;

/// The file to analyse.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Source {
    /// The built-in demo data.
    Demo,
    /// The generated member file of the referral demo.
    MembersDemo,
    /// A file the user chose, as bytes; the worker keeps it for later runs.
    File(#[serde(with = "serde_bytes")] Vec<u8>),
    /// The file of the previous job again (with other settings).
    Previous,
}

/// A request to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// What to read.
    pub source: Source,
    /// How to read and analyse it.
    pub request: Request,
}

/// What the worker sends back: progress while it works, then the analysis or the reason it failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Update {
    /// A stage and the share of it done.
    Progress {
        /// The stage.
        stage: Stage,
        /// 0 to 1.
        fraction: f64,
    },
    /// The analysis so far (RFM first, then with baskets and lifetime value), while later stages run.
    FirstResults(Box<Analysis>),
    /// The finished analysis.
    Done(Box<Analysis>),
    /// A plain sentence saying why the file could not be analysed.
    Failed(String),
}

/// The analysis worker. It keeps the last file, so the page holds no copy and re-runs send no bytes.
pub struct AnalysisWorker {
    file: Option<Vec<u8>>,
}

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Job;
    type Output = Update;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        AnalysisWorker { file: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: Job, id: HandlerId) {
        match job.source {
            Source::Demo => self.file = None,
            Source::MembersDemo => self.file = Some(members_csv(MEMBERS_DEMO, 1).into_bytes()),
            Source::File(bytes) => self.file = Some(bytes),
            Source::Previous => {}
        }
        let bytes: &[u8] = self.file.as_deref().unwrap_or(DEMO);
        let mut last = (Stage::Reading, -1.0);
        let mut progress = |stage: Stage, fraction: f64| {
            // Only report visible steps (every 2 %), so messages do not flood the page.
            if stage != last.0 || fraction - last.1 >= 0.02 || fraction >= 1.0 {
                last = (stage, fraction);
                scope.respond(id, Update::Progress { stage, fraction });
            }
        };
        let mut first = |a: &Analysis| scope.respond(id, Update::FirstResults(Box::new(a.clone())));
        let update = match run_staged(bytes, &job.request, &mut progress, &mut first) {
            Ok(analysis) => Update::Done(Box::new(analysis)),
            Err(e) => Update::Failed(e.to_string()),
        };
        scope.respond(id, update);
    }
}
