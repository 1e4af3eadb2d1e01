//! The page's side of the analysis worker. One worker runs the current job; a new job while it runs, or
//! Cancel, terminates that worker and gives the job to a spare one that has already loaded, so the old
//! job stops at once and none of its updates can arrive (they are also dropped by job id).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::core::pipeline::{Request, Stage};
use crate::worker::{Job, Source, Task, Update, READY};

/// The worker script Trunk writes (its loader shim starts the wasm module).
const SCRIPT: &str = "./worker_loader.js";

/// One worker and its handlers.
struct Slot {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    /// A job posted before the worker was ready.
    waiting: Rc<RefCell<Option<Array>>>,
    /// Whether the worker's module died (a panic or out of memory).
    dead: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Slot {
    fn spawn(bridge: Weak<Bridge>) -> Option<Slot> {
        let worker = Worker::new(SCRIPT).ok()?;
        let ready = Rc::new(Cell::new(false));
        let waiting: Rc<RefCell<Option<Array>>> = Rc::new(RefCell::new(None));
        let dead = Rc::new(Cell::new(false));
        let on_message = {
            let (worker, ready, waiting, bridge) = (
                worker.clone(),
                ready.clone(),
                waiting.clone(),
                bridge.clone(),
            );
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let data = ev.data();
                if data.as_string().as_deref() == Some(READY) {
                    ready.set(true);
                    if let Some(message) = waiting.borrow_mut().take() {
                        let _ = worker.post_message(&message);
                    }
                    return;
                }
                // The message is the worker's array itself: read in place (`Uint8Array::new` would copy
                // it first), with the one copy into wasm memory the decoder needs.
                let Some(bytes) = data.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec) else {
                    return;
                };
                if let (Some(b), Ok((id, update))) = (
                    bridge.upgrade(),
                    bincode::deserialize::<(u32, Update)>(&bytes),
                ) {
                    b.receive(id, update);
                }
            })
        };
        let on_error = {
            let (worker, dead) = (worker.clone(), dead.clone());
            Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
                dead.set(true);
                if let Some(b) = bridge.upgrade() {
                    b.crashed(&worker, ev.message());
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Slot {
            worker,
            ready,
            waiting,
            dead,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn post(&self, message: Array) {
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            *self.waiting.borrow_mut() = Some(message);
        }
    }

    fn stop(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The worker bridge: jobs in, the current job's updates out.
pub struct Bridge {
    this: Weak<Bridge>,
    current: RefCell<Option<Slot>>,
    spare: RefCell<Option<Slot>>,
    /// The id of the running job.
    running: Cell<Option<u32>>,
    /// The id of the customer history asked for and not yet answered.
    asked: Cell<Option<u32>>,
    /// The stage the running job last reported.
    stage: Cell<Option<Stage>>,
    last_id: Cell<u32>,
    on_update: Box<dyn Fn(Update)>,
}

impl Bridge {
    /// Loads a worker and a spare; `on_update` receives the running job's updates, and a sentence when the
    /// worker dies.
    pub fn new(on_update: impl Fn(Update) + 'static) -> Rc<Bridge> {
        Rc::new_cyclic(|this: &Weak<Bridge>| Bridge {
            this: this.clone(),
            current: RefCell::new(Slot::spawn(this.clone())),
            spare: RefCell::new(Slot::spawn(this.clone())),
            running: Cell::new(None),
            asked: Cell::new(None),
            stage: Cell::new(None),
            last_id: Cell::new(0),
            on_update: Box::new(on_update),
        })
    }

    /// Starts a job, abandoning the running one; `file` is the user's file for `Source::File`.
    pub fn send(&self, source: Source, request: Request, file: Option<&web_sys::File>) {
        let dead = self.current.borrow().as_ref().is_none_or(|s| s.dead.get());
        if self.running.get().is_some() || dead {
            self.replace_current();
        }
        let id = self.next_id();
        self.running.set(Some(id));
        self.stage.set(None);
        let task = Task::Analyse {
            source,
            request: Box::new(request),
        };
        if !self.post(Job { id, task }, file) {
            (self.on_update)(Update::Failed(
                "This browser could not start the analysis worker.".into(),
            ));
        }
    }

    /// Asks for one customer's orders from the table of the last analysis, without stopping a running
    /// job (the answer comes when it ends).
    pub fn ask_history(&self, customer: String) {
        let id = self.next_id();
        self.asked.set(Some(id));
        if !self.post(
            Job {
                id,
                task: Task::History(customer),
            },
            None,
        ) {
            self.asked.set(None);
            (self.on_update)(Update::History(Box::new(Err(
                "This browser could not start the analysis worker.".into(),
            ))));
        }
    }

    fn next_id(&self) -> u32 {
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        id
    }

    /// Posts `job` (with `file`) to the current worker; false when there is none.
    fn post(&self, job: Job, file: Option<&web_sys::File>) -> bool {
        let bytes = bincode::serialize(&job).unwrap_or_default();
        let file: JsValue = file.map_or(JsValue::NULL, |f| f.clone().into());
        let message = Array::of2(&Uint8Array::from(&bytes[..]), &file);
        match self.current.borrow().as_ref() {
            Some(slot) => {
                slot.post(message);
                true
            }
            None => false,
        }
    }

    /// Stops the running job; returns whether one was running.
    pub fn cancel(&self) -> bool {
        let was_running = self.running.take().is_some();
        if was_running {
            self.replace_current();
        }
        was_running
    }

    /// Terminates the current worker and puts the spare (already loaded) in its place.
    fn replace_current(&self) {
        if let Some(old) = self.current.borrow_mut().take() {
            old.stop();
        }
        // A history asked of the stopped worker gets no answer from it.
        if self.asked.take().is_some() {
            (self.on_update)(Update::History(Box::new(Err(
                "A new run started before the orders were read; open the customer again when it ends."
                    .into(),
            ))));
        }
        let next = self
            .spare
            .borrow_mut()
            .take()
            .filter(|s| !s.dead.get())
            .or_else(|| Slot::spawn(self.this.clone()));
        *self.current.borrow_mut() = next;
        *self.spare.borrow_mut() = Slot::spawn(self.this.clone());
    }

    fn receive(&self, id: u32, update: Update) {
        if let Update::History(_) = update {
            if self.asked.get() == Some(id) {
                self.asked.set(None);
                (self.on_update)(update);
            }
            return;
        }
        if self.running.get() != Some(id) {
            return;
        }
        if let Update::Progress { stage, .. } = update {
            self.stage.set(Some(stage));
        }
        if matches!(
            update,
            Update::Done(_) | Update::Failed(_) | Update::Unmapped(..) | Update::SelfTest(_)
        ) {
            self.running.set(None);
        }
        (self.on_update)(update);
    }

    fn crashed(&self, worker: &Worker, message: String) {
        let current = self.current.borrow().as_ref().map(|s| s.worker.clone());
        if current.as_ref() != Some(worker) || self.running.take().is_none() {
            return;
        }
        let stage = self
            .stage
            .get()
            .unwrap_or(Stage::Reading)
            .label()
            .to_lowercase();
        (self.on_update)(Update::Failed(format!(
            "The analysis stopped unexpectedly while {stage} ({message}). The page is ready for the next file; a file \
             too large for this tab can be analysed with the native command `customer-lens analyze FILE`."
        )));
    }
}
