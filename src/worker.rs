//! The Web Worker: runs `core::pipeline` off the main thread and posts progress and results, each tagged
//! with its job's id. A user's file arrives as the `File` itself (a handle: its bytes are not copied into the
//! message) and is read slice by slice with `FileReaderSync` as the rows are parsed.
//!
//! Messages: the worker posts `"ready"` once its module has loaded; the page then posts
//! `[job (bincode), File or null]`, and the worker answers with `bincode((job id, Update))` buffers,
//! transferred rather than copied. The page abandons a job by terminating the worker (see `ui::bridge`).

use std::io::{self, Read};

use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::core::clv::selftest::{self, SelfTest};
use crate::core::ingest::{ByteSource, Unmapped};
use crate::core::network::sample::members_csv;
use crate::core::pipeline::{run_keeping_table, Request, Stage};
use crate::core::report::history::{history, History};
use crate::core::report::Analysis;
use crate::core::table::Transactions;

/// The built-in demo: Tableau's Sample Superstore (MIT; see `data/README.md`).
const DEMO: &[u8] = include_bytes!("../data/superstore_sample.csv");

/// Members in the generated referral demo.
const MEMBERS_DEMO: usize = 1_500;

/// The message that says the worker is ready for jobs.
pub const READY: &str = "ready";

/// The file to analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The built-in demo data.
    Demo,
    /// The generated member file of the referral demo.
    MembersDemo,
    /// The user's file, posted beside the job.
    File,
    /// No file: the self-test of the lifetime-value models on the CDNOW sample built in.
    SelfTest,
}

/// What a job asks of the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Task {
    /// Read and analyse a source.
    Analyse {
        /// What to read.
        source: Source,
        /// How to read and analyse it.
        request: Box<Request>,
    },
    /// The orders of one customer (by id) of the last analysis, from the table it kept.
    History(String),
}

/// A request to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Tags every update of this job.
    pub id: u32,
    /// What to do.
    pub task: Task,
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
    /// The sentence for a file whose date or customer column was not recognised, and its columns to map.
    Unmapped(String, Unmapped),
    /// The self-test's table.
    SelfTest(Box<SelfTest>),
    /// A customer's orders, or a sentence saying why they cannot be shown.
    History(Box<Result<History, String>>),
}

thread_local! {
    /// The transaction table of the last finished analysis, for the customers' histories.
    static TABLE: std::cell::RefCell<Option<Transactions>> = const { std::cell::RefCell::new(None) };
}

/// Bytes read from a `File` per `FileReaderSync` call: each call is a round trip to the browser's file
/// store, so slices are large and served from a buffer to the parser's smaller reads.
const SLICE: usize = 16 << 20;

/// A `File` (or any `Blob`) read slice by slice; only the slice being parsed is in wasm memory.
struct BlobSource {
    blob: Blob,
    reader: FileReaderSync,
}

struct BlobReader<'a> {
    source: &'a BlobSource,
    /// Where the next slice starts.
    offset: f64,
    buffer: Vec<u8>,
    /// The unread part of `buffer` starts here.
    start: usize,
}

impl ByteSource for BlobSource {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }
    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(BlobReader {
            source: self,
            offset: 0.0,
            buffer: Vec::new(),
            start: 0,
        }))
    }
}

impl BlobReader<'_> {
    /// Reads the next slice into the buffer; false at the end of the file.
    fn refill(&mut self) -> io::Result<bool> {
        let size = self.source.blob.size();
        let n = (size - self.offset).min(SLICE as f64).max(0.0);
        if n == 0.0 {
            return Ok(false);
        }
        let unreadable = |e: JsValue| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map_or("the browser refused".to_string(), |e| e.message().into());
            io::Error::other(why)
        };
        let slice = self
            .source
            .blob
            .slice_with_f64_and_f64(self.offset, self.offset + n)
            .map_err(unreadable)?;
        let array = self
            .source
            .reader
            .read_as_array_buffer(&slice)
            .map_err(unreadable)?;
        let bytes = Uint8Array::new(&array);
        self.buffer.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.buffer);
        self.offset += self.buffer.len() as f64;
        self.start = 0;
        Ok(!self.buffer.is_empty())
    }
}

impl Read for BlobReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.buffer.len() && !self.refill()? {
            return Ok(0);
        }
        let n = out.len().min(self.buffer.len() - self.start);
        out[..n].copy_from_slice(&self.buffer[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }
}

/// Starts listening for jobs and tells the page the worker is ready.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        handle(&post_scope, ev.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// Runs one job, posting its updates.
fn handle(scope: &DedicatedWorkerGlobalScope, data: JsValue) {
    let message: Array = data.unchecked_into();
    let Ok(job) = bincode::deserialize::<Job>(&Uint8Array::new(&message.get(0)).to_vec()) else {
        return;
    };
    let post = |update: &Update| {
        // Serialising owned values into a Vec cannot fail.
        let bytes = bincode::serialize(&(job.id, update)).unwrap_or_default();
        let array = Uint8Array::from(&bytes[..]);
        let _ = scope.post_message_with_transfer(&array, &Array::of1(&array.buffer()));
    };
    let mut last = (Stage::Reading, -1.0);
    let mut progress = |stage: Stage, fraction: f64| {
        // Only report visible steps (every 2 %), so messages do not flood the page.
        if stage != last.0 || fraction - last.1 >= 0.02 || fraction >= 1.0 {
            last = (stage, fraction);
            post(&Update::Progress { stage, fraction });
        }
    };
    let mut first = |a: &Analysis| post(&Update::FirstResults(Box::new(a.clone())));
    let (source, request) = match &job.task {
        Task::Analyse { source, request } => (*source, &**request),
        Task::History(customer) => {
            let answer = TABLE.with_borrow(|table| match table {
                None => Err(
                    "The orders are no longer in this tab's memory (the analysis was stopped or \
                             replaced); run the analysis again to see them."
                        .to_string(),
                ),
                Some(tx) => history(tx, customer)
                    .ok_or_else(|| format!("No customer {customer} in the last analysis.")),
            });
            post(&Update::History(Box::new(answer)));
            return;
        }
    };
    // The previous file's table goes before the next one is read.
    TABLE.set(None);
    let outcome = match source {
        Source::SelfTest => {
            post(&match selftest::run() {
                Ok(t) => Update::SelfTest(Box::new(t)),
                Err(e) => Update::Failed(e.to_string()),
            });
            return;
        }
        Source::Demo => run_keeping_table(DEMO, request, &mut progress, &mut first),
        Source::MembersDemo => {
            let bytes = members_csv(MEMBERS_DEMO, 1).into_bytes();
            run_keeping_table(&bytes[..], request, &mut progress, &mut first)
        }
        Source::File => {
            let blob = message.get(1).dyn_into::<Blob>();
            let reader = FileReaderSync::new();
            let (Ok(blob), Ok(reader)) = (blob, reader) else {
                post(&Update::Failed(
                    "The browser gave the worker no file to read.".into(),
                ));
                return;
            };
            let source = BlobSource { blob, reader };
            run_keeping_table(&source, request, &mut progress, &mut first)
        }
    };
    post(&match outcome {
        Ok((analysis, table)) => {
            TABLE.set(table);
            Update::Done(Box::new(analysis))
        }
        Err(e) => match e.unmapped() {
            Some(columns) => Update::Unmapped(e.to_string(), columns.clone()),
            None => Update::Failed(e.to_string()),
        },
    });
}
