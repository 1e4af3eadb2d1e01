//! The app's state: the current analysis, the job status, the file and the request; and the worker bridge.

use std::sync::Arc;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use crate::core::pipeline::{Analysis, Request};
use crate::worker::{AnalysisWorker, Job, Source, Update};

/// Where the analysis stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing running.
    Idle,
    /// The worker is at a stage.
    Running {
        /// The stage's label.
        label: String,
        /// 0 to 1.
        fraction: f64,
    },
    /// The last run failed, with the reason in plain words.
    Failed(String),
}

/// Shared signals, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The latest analysis.
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
    /// The job status.
    pub status: RwSignal<Status>,
    /// The settings of the latest run (column roles, dates, time unit).
    pub request: RwSignal<Request>,
    /// The name of the file shown (or the demo's).
    pub file_name: RwSignal<String>,
    /// Bumped on window resize, so charts redraw.
    pub resize: RwSignal<u32>,
    bridge: StoredValue<WorkerBridge<AnalysisWorker>, LocalStorage>,
}

impl AppState {
    /// Spawns the worker and starts the demo analysis.
    pub fn start() -> AppState {
        let analysis = RwSignal::new(None);
        let status = RwSignal::new(Status::Idle);
        let bridge = AnalysisWorker::spawner()
            .as_module(false)
            .with_loader(true)
            .callback(move |update| match update {
                Update::Progress { stage, fraction } => status.set(Status::Running {
                    label: stage.label().to_string(),
                    fraction,
                }),
                Update::FirstResults(a) => analysis.set(Some(Arc::new(*a))),
                Update::Done(a) => {
                    analysis.set(Some(Arc::new(*a)));
                    status.set(Status::Idle);
                }
                Update::Failed(message) => status.set(Status::Failed(message)),
            })
            .spawn("./worker_loader.js");
        let state = AppState {
            analysis,
            status,
            request: RwSignal::new(Request::default()),
            file_name: RwSignal::new("Demo: Sample Superstore".to_string()),
            resize: RwSignal::new(0),
            bridge: StoredValue::new_local(bridge),
        };
        state.run(Source::Demo);
        state
    }

    /// Analyses a new file with detected settings; the bytes move to the worker.
    pub fn open_file(&self, name: String, bytes: Vec<u8>) {
        self.file_name.set(name);
        self.request.set(Request::default());
        self.run(Source::File(bytes));
    }

    /// Goes back to the demo data.
    pub fn open_demo(&self) {
        self.file_name.set("Demo: Sample Superstore".to_string());
        self.request.set(Request::default());
        self.run(Source::Demo);
    }

    /// Opens the generated member file of the referral demo.
    pub fn open_members_demo(&self) {
        self.file_name
            .set("Demo: referral network (generated members)".to_string());
        self.request.set(Request::default());
        self.run(Source::MembersDemo);
    }

    /// Runs the current file again with `request`.
    pub fn rerun(&self, request: Request) {
        self.request.set(request);
        self.run(Source::Previous);
    }

    fn run(&self, source: Source) {
        self.status.set(Status::Running {
            label: "Starting".to_string(),
            fraction: 0.0,
        });
        let job = Job {
            source,
            request: self.request.get_untracked(),
        };
        self.bridge.with_value(|b| b.send(job));
    }
}
