//! The app's state: what the page shows (the current analysis, the job status, the file and the request),
//! read-only, and the actions that change it (the worker bridge among them).

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::Update as _;
use leptos::prelude::*;

use super::bridge::Bridge;
use super::names::ClusterNames;
use crate::core::clusters::profiles::ClusterProfile;
use crate::core::clv::selftest::SelfTest;
use crate::core::cohorts::Cohorts;
use crate::core::histogram::Histogram;
use crate::core::ingest::{RowAccount, SourceInfo, Unmapped};
use crate::core::kpi::Kpi;
use crate::core::performance::{GroupPerformance, Performance};
use crate::core::pipeline::Request;
use crate::core::report::filter::{Breakdown, Filter};
use crate::core::report::history::History;
use crate::core::report::rfm::RfmReport;
use crate::core::report::{Analysis, Input, Report, Settings};
use crate::core::settings;
use crate::worker::{Source, Update};

/// The largest file a tab is given: beyond it the columns of a file this size would come near the 4 GiB
/// a browser allows one wasm module; the native command reads any size.
pub const MAX_TAB_BYTES: f64 = 2.0e9;

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
    /// The user stopped the last run.
    Cancelled,
}

/// Where the self-test of the lifetime-value models stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SelfTestStatus {
    /// Not run.
    NotRun,
    /// Running in its own worker.
    Running,
    /// Its table.
    Done(SelfTest),
    /// Why it could not run.
    Failed(String),
}

/// A customer opened for a closer look: the id and, once the worker has read them, the orders.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The customer id.
    pub id: String,
    /// The orders, or why they cannot be shown; `None` while they are read.
    pub orders: Option<Result<History, String>>,
}

/// The parts of a report that a run's later updates (lifetime value and baskets, then the clusters) leave
/// as its first results had them: the views made of these alone read [`AppState::figures`], so each update
/// from the worker does not make them again. Each field is the [`Report`]'s of that name.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub input: Input,
    pub source: SourceInfo,
    pub rows: RowAccount,
    pub kpi: Kpi,
    pub rfm: RfmReport,
    pub spend: Histogram,
    pub performance: Performance,
    pub performance_by_segment: Vec<GroupPerformance>,
    pub cohorts: Cohorts,
    pub settings: Settings,
}

impl Figures {
    fn of(r: &Report) -> Figures {
        Figures {
            input: r.input,
            source: r.source.clone(),
            rows: r.rows.clone(),
            kpi: r.kpi.clone(),
            rfm: r.rfm.clone(),
            spend: r.spend.clone(),
            performance: r.performance.clone(),
            performance_by_segment: r.performance_by_segment.clone(),
            cohorts: r.cohorts.clone(),
            settings: r.settings.clone(),
        }
    }
}

/// What the page shows, provided as context: read-only signals. Every change goes through [`Actions`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The latest analysis.
    pub analysis: ReadSignal<Option<Arc<Analysis>>>,
    /// The figures of the analysis shown that its later updates leave as they are.
    pub figures: Memo<Option<Arc<Figures>>>,
    /// The job status.
    pub status: ReadSignal<Status>,
    /// The columns of a file whose date or customer column was not recognised, to map by hand.
    pub unmapped: ReadSignal<Option<Unmapped>>,
    /// The names and actions the user gave clusters.
    pub cluster_names: ReadSignal<ClusterNames>,
    /// The settings of the latest run (column roles, dates, time unit).
    pub request: ReadSignal<Request>,
    /// The name of the file shown (or the demo's).
    pub file_name: ReadSignal<String>,
    /// What is analysed: the demo, the referral demo or the user's file.
    pub source: ReadSignal<Source>,
    /// The group of customers the page is narrowed to, when the user picked one.
    pub filter: ReadSignal<Option<Filter>>,
    /// How the customers of the filter spread over every other group, while there is one.
    pub breakdown: Memo<Option<Breakdown>>,
    /// The customer opened from the table.
    pub opened: ReadSignal<Option<Opened>>,
    /// The sections the user folded away, by element id.
    pub folded: ReadSignal<BTreeSet<&'static str>>,
    /// Bumped on window resize, so charts redraw.
    pub resize: ReadSignal<u32>,
    /// The self-test of the lifetime-value models.
    pub self_test: ReadSignal<SelfTestStatus>,
}

/// Every change of the page's state, provided as a context of its own: the writers of [`AppState`]'s
/// signals, the worker bridges and the user's file.
#[derive(Clone, Copy)]
pub struct Actions {
    analysis: RwSignal<Option<Arc<Analysis>>>,
    status: RwSignal<Status>,
    unmapped: RwSignal<Option<Unmapped>>,
    cluster_names: RwSignal<ClusterNames>,
    request: RwSignal<Request>,
    file_name: RwSignal<String>,
    source: RwSignal<Source>,
    filter: RwSignal<Option<Filter>>,
    opened: RwSignal<Option<Opened>>,
    folded: RwSignal<BTreeSet<&'static str>>,
    resize: RwSignal<u32>,
    self_test: RwSignal<SelfTestStatus>,
    /// The self-test's own worker (started on first use, so it never stops the analysis).
    self_test_bridge: StoredValue<Option<Rc<Bridge>>, LocalStorage>,
    /// The user's file (a handle; its bytes stay in the browser's file store), sent again on re-runs.
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    bridge: StoredValue<Rc<Bridge>, LocalStorage>,
}

/// A size in MB for people.
fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

/// Loads the worker, starts the demo analysis and gives the page's state with its actions.
pub fn start() -> (AppState, Actions) {
    let analysis = RwSignal::new(None);
    let status = RwSignal::new(Status::Idle);
    let unmapped = RwSignal::new(None);
    let cluster_names = RwSignal::new(ClusterNames::default());
    let opened = RwSignal::new(None::<Opened>);
    let filter = RwSignal::new(None::<Filter>);
    let breakdown = Memo::new(move |_| {
        let f = filter.get()?;
        analysis
            .with(|a: &Option<Arc<Analysis>>| a.as_ref().map(|a| Breakdown::of(&a.customers, &f)))
    });
    let figures = Memo::new(move |_| {
        analysis
            .with(|a: &Option<Arc<Analysis>>| a.as_ref().map(|a| Arc::new(Figures::of(&a.report))))
    });
    let shown = move |a: Box<Analysis>| {
        if let Some(c) = a.report.clusters.done() {
            cluster_names.update(|n| n.follow(c));
        }
        analysis.set(Some(Arc::new(*a)));
    };
    let bridge = Bridge::new(move |update| match update {
        Update::Progress { stage, fraction } => status.set(Status::Running {
            label: stage.label().to_string(),
            fraction,
        }),
        Update::FirstResults(a) => shown(a),
        Update::Done(a) => {
            shown(a);
            status.set(Status::Idle);
        }
        Update::Failed(message) => status.set(Status::Failed(message)),
        Update::Unmapped(message, columns) => {
            unmapped.set(Some(columns));
            status.set(Status::Failed(message));
        }
        Update::History(answer) => opened.update(|o| {
            if let Some(o) = o {
                o.orders = Some(*answer);
            }
        }),
        Update::SelfTest(_) => {}
    });
    let actions = Actions {
        analysis,
        status,
        unmapped,
        cluster_names,
        request: RwSignal::new(Request::default()),
        file_name: RwSignal::new("Demo: Sample Superstore".to_string()),
        source: RwSignal::new(Source::Demo),
        filter,
        opened,
        folded: RwSignal::new(BTreeSet::new()),
        resize: RwSignal::new(0),
        self_test: RwSignal::new(SelfTestStatus::NotRun),
        self_test_bridge: StoredValue::new_local(None),
        file: StoredValue::new_local(None),
        bridge: StoredValue::new_local(bridge),
    };
    let state = AppState {
        analysis: analysis.read_only(),
        figures,
        status: status.read_only(),
        unmapped: unmapped.read_only(),
        cluster_names: cluster_names.read_only(),
        request: actions.request.read_only(),
        file_name: actions.file_name.read_only(),
        source: actions.source.read_only(),
        filter: filter.read_only(),
        breakdown,
        opened: opened.read_only(),
        folded: actions.folded.read_only(),
        resize: actions.resize.read_only(),
        self_test: actions.self_test.read_only(),
    };
    actions.run("Starting");
    (state, actions)
}

impl AppState {
    /// `f` of the analysis shown, as a memo: a view that reads it is made again only when that part
    /// changes, not on every update from the worker.
    pub fn memo<T>(self, f: impl Fn(&Analysis) -> T + Send + Sync + 'static) -> Memo<Option<T>>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let analysis = self.analysis;
        Memo::new(move |_| analysis.with(|a| a.as_deref().map(&f)))
    }
}

impl Actions {
    /// Analyses a new file with detected settings. What was shown of the previous file goes at once; the
    /// running job, if any, is abandoned.
    pub fn open_file(&self, file: web_sys::File) {
        let (name, size) = (file.name(), file.size());
        self.begin(name.clone(), Source::File);
        if size > MAX_TAB_BYTES {
            self.bridge.with_value(|b| b.cancel());
            self.file.set_value(None);
            self.status.set(Status::Failed(format!(
                "{name} is {}, more than the {} this browser tab can analyse. Use the native command: \
                 customer-lens analyze \"{name}\" (it reads files of any size).",
                megabytes(size),
                megabytes(MAX_TAB_BYTES)
            )));
            return;
        }
        self.file.set_value(Some(file));
        self.run(&format!("Reading {}", megabytes(size)));
    }

    /// Goes back to the demo data.
    pub fn open_demo(&self) {
        self.begin("Demo: Sample Superstore".into(), Source::Demo);
        self.run("Starting");
    }

    /// Opens the generated member file of the referral demo.
    pub fn open_members_demo(&self) {
        self.begin(
            "Demo: referral network (generated members)".into(),
            Source::MembersDemo,
        );
        self.run("Starting");
    }

    /// Runs the current file again with `request`, unless a setting is out of its range: then nothing
    /// changes and the sentence naming the setting comes back for the panel to show.
    pub fn rerun(&self, request: Request) -> Result<(), String> {
        settings::check(&request).map_err(|e| e.to_string())?;
        self.request.set(request);
        self.run("Starting");
        Ok(())
    }

    /// Runs the self-test of the lifetime-value models in a worker of its own.
    pub fn run_self_test(&self) {
        let status = self.self_test;
        status.set(SelfTestStatus::Running);
        if self.self_test_bridge.with_value(|b| b.is_none()) {
            let bridge = Bridge::new(move |update| match update {
                Update::SelfTest(t) => status.set(SelfTestStatus::Done(*t)),
                Update::Failed(message) => status.set(SelfTestStatus::Failed(message)),
                _ => {}
            });
            self.self_test_bridge.set_value(Some(bridge));
        }
        self.self_test_bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(Source::SelfTest, Request::default(), None);
            }
        });
    }

    /// Opens a customer of the analysis shown, asking the worker for their orders.
    pub fn open_customer(&self, id: String) {
        self.opened.set(Some(Opened {
            id: id.clone(),
            orders: None,
        }));
        self.bridge.with_value(|b| b.ask_history(id));
    }

    /// Stops the running analysis.
    pub fn cancel(&self) {
        if self.bridge.with_value(|b| b.cancel()) {
            self.status.set(Status::Cancelled);
        }
    }

    /// Closes the customer opened.
    pub fn close_customer(&self) {
        self.opened.set(None);
    }

    /// Says in the status bar that something the user asked for failed, and why.
    pub fn fail(&self, message: String) {
        self.status.set(Status::Failed(message));
    }

    /// Narrows the page to `filter`, or clears it when the same group is picked again.
    pub fn toggle_filter(&self, filter: Filter) {
        self.filter.update(|f| {
            *f = if f.as_ref() == Some(&filter) {
                None
            } else {
                Some(filter)
            }
        });
    }

    /// Shows every customer again.
    pub fn clear_filter(&self) {
        self.filter.set(None);
    }

    /// Folds the section `id` away, or unfolds it; charts unfolded draw again at their card's width.
    pub fn toggle_fold(&self, id: &'static str) {
        self.folded.update(|f| {
            if !f.remove(id) {
                f.insert(id);
            }
        });
        self.resized();
    }

    /// Tells the charts their room changed, so they draw again.
    pub fn resized(&self) {
        self.resize.update(|n| *n += 1);
    }

    /// Renames the cluster `p`.
    pub fn rename_cluster(&self, p: &ClusterProfile, name: String) {
        self.cluster_names.update(|n| n.rename(p, name));
    }

    /// Sets the suggested action of the cluster `p`.
    pub fn set_cluster_action(&self, p: &ClusterProfile, action: String) {
        self.cluster_names.update(|n| n.set_action(p, action));
    }

    /// A new source with detected settings: nothing of the previous one stays on screen.
    fn begin(&self, name: String, source: Source) {
        self.file_name.set(name);
        self.source.set(source);
        self.request.set(Request::default());
        self.analysis.set(None);
        self.filter.set(None);
        self.opened.set(None);
        self.cluster_names.set(ClusterNames::default());
    }

    fn run(&self, label: &str) {
        self.unmapped.set(None);
        self.status.set(Status::Running {
            label: label.to_string(),
            fraction: 0.0,
        });
        let (source, request) = (self.source.get_untracked(), self.request.get_untracked());
        self.file.with_value(|file| {
            self.bridge
                .with_value(|b| b.send(source, request, file.as_ref()))
        });
    }
}
