//! Open documents: the text as a rope with its version, and the analysis of the latest version.
//!
//! Each open document has one analysis task. Edits are applied to the rope synchronously, in
//! the order the notifications arrive, and the new `(version, rope)` is handed to the task
//! through a `watch` channel, which keeps only the newest value: a version that arrives while
//! an older one is being analysed supersedes it, and an analysis result that is already
//! superseded when it finishes is stored (requests for that version may use it) but not
//! published. A document up to 64 KB is analysed on the task's own thread, a longer one on the
//! server's own analysis threads ([`analyse`]); a panic in either is caught (`catch_unwind`),
//! logged, and treated as "no findings" for that version, and the document's session starts anew.

use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tokio::sync::{watch, Mutex};
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::convert::{self, Encoding};
use crate::analysis::{Analysis, Session};

/// The engine functions the server calls; tests substitute their own to exercise the server
/// with findings the (still growing) engine does not produce yet.
#[derive(Debug, Clone, Copy)]
pub struct Engine {
    /// Analyse one version; the session carries what the previous version's analysis can lend
    /// (table regions that did not change).
    pub analyse: fn(&mut Session, &str) -> Analysis,
    /// Is the document an annual report at all (`nianbao::corpus::is_annual_report`)?
    pub is_report: fn(&str) -> bool,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            analyse: Session::analyse,
            is_report: crate::corpus::is_annual_report,
        }
    }
}

/// What the analysis task made of one version.
#[derive(Debug)]
pub enum Outcome {
    Analysed(Analysis),
    /// `is_report` said no: the document gets no findings, hovers or actions.
    NotAReport,
    /// The analysis panicked (already logged).
    Failed,
}

/// One analysed version: the rope it was computed on (for position conversion) and the result.
#[derive(Debug)]
pub struct Snapshot {
    /// The open of the document it belongs to (see [`Document::generation`]).
    pub generation: u64,
    pub version: i32,
    pub rope: Rope,
    pub outcome: Outcome,
}

impl Snapshot {
    pub fn analysis(&self) -> Option<&Analysis> {
        match &self.outcome {
            Outcome::Analysed(a) => Some(a),
            _ => None,
        }
    }
}

/// What was last published for a URI. Shared by every open of that URI and its close, and
/// guarded by an async mutex held across the send, so publications leave in order, never go
/// back to an older version, and neither a task of an earlier open nor a late close can
/// publish after a later open took over.
#[derive(Debug, Default)]
pub struct Published {
    /// The open (generation) allowed to publish; 0 once the URI is closed.
    pub owner: u64,
    pub version: Option<i32>,
    pub empty: bool,
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Which open of the URI this is (unique per server).
    pub generation: u64,
    /// To the analysis task: the newest `(version, rope)`.
    pub input: watch::Sender<(i32, Rope)>,
    /// From the analysis task: the newest analysed snapshot.
    pub output: watch::Receiver<Option<Arc<Snapshot>>>,
    pub published: Arc<Mutex<Published>>,
}

/// What an analysis task works with.
pub struct TaskEnds {
    pub generation: u64,
    pub input: watch::Receiver<(i32, Rope)>,
    pub output: watch::Sender<Option<Arc<Snapshot>>>,
    pub published: Arc<Mutex<Published>>,
}

impl Document {
    pub fn new(
        text: &str,
        version: i32,
        generation: u64,
        published: Arc<Mutex<Published>>,
    ) -> (Document, TaskEnds) {
        let rope = Rope::from_str(text);
        let (input, input_rx) = watch::channel((version, rope.clone()));
        let (output_tx, output) = watch::channel(None);
        let doc = Document {
            rope,
            version,
            generation,
            input,
            output,
            published: published.clone(),
        };
        let ends = TaskEnds {
            generation,
            input: input_rx,
            output: output_tx,
            published,
        };
        (doc, ends)
    }

    /// Apply `changes` in order (a change without a range replaces the whole text) and hand the
    /// result to the analysis task. Returns `Err` with a message, changing nothing, when
    /// `version` is not newer than the current one.
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Result<(), String> {
        if version <= self.version {
            return Err(format!(
                "ignored change to version {version}: the document is already at version {}",
                self.version
            ));
        }
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = convert::span(&self.rope, range, enc);
                    let start = self.rope.byte_to_char(span.start);
                    self.rope.remove(start..self.rope.byte_to_char(span.end));
                    self.rope.insert(start, &change.text);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
        self.version = version;
        self.input.send_replace((version, self.rope.clone()));
        Ok(())
    }
}

/// The threads analyses run on: one per core, started once and kept. Analyses queue for them
/// in order. A fixed set (rather than tokio's blocking pool) bounds what each thread keeps for
/// good — the regex crate's per-thread caches, glibc's per-thread arenas: 1,000 documents
/// opened at once otherwise ran on ~140 threads and left the heap that much larger.
fn analysis_threads() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<Job>> {
    static POOL: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for i in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("nianbao-analysis-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                    // what this analysis freed goes back to the allocator, not kept
                    // by an idle thread
                    super::memory::flush_thread_cache();
                })
                .expect("start an analysis thread");
        }
        std::sync::Mutex::new(tx)
    })
}

type Job = Box<dyn FnOnce() + Send>;

/// Documents up to this size are analysed on the task's own thread: an analysis of a typical
/// report takes tens of microseconds, less than handing it to another thread and back (two
/// thread wake-ups on each keystroke). Longer documents go to the analysis threads, so a
/// multi-megabyte file never holds up the protocol.
const INLINE_BYTES: usize = 64 * 1024;

/// Analyse `rope` with `engine` in the document's `session` (handed back for the next
/// version): here when the document is short, else on the analysis threads. `Err` carries the
/// panic message; the session is then started anew.
pub async fn analyse(
    engine: Engine,
    mut session: Session,
    rope: Rope,
) -> (Session, Result<Outcome, String>) {
    let inline = rope.len_bytes() <= INLINE_BYTES;
    let run = move || {
        let text = String::from(&rope);
        let outcome = if (engine.is_report)(&text) {
            Outcome::Analysed((engine.analyse)(&mut session, &text))
        } else {
            Outcome::NotAReport
        };
        (session, outcome)
    };
    let result = if inline {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
    } else {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)));
        });
        let sent = analysis_threads()
            .lock()
            .map_err(|e| e.to_string())
            .and_then(|pool| pool.send(job).map_err(|e| e.to_string()));
        if let Err(e) = sent {
            return (Session::new(), Err(e));
        }
        match rx.await {
            Ok(result) => result,
            Err(_) => {
                return (
                    Session::new(),
                    Err("the analysis thread stopped".to_owned()),
                )
            }
        }
    };
    match result {
        Ok((session, outcome)) => (session, Ok(outcome)),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            (Session::new(), Err(message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn changes_apply_in_order_and_stale_versions_are_ignored() {
        let (mut doc, ends) = Document::new("总计：123 件\r\n𠀀 5\n", 1, 1, Arc::default());
        // utf-16: "123" is 3..6 on line 0; then "5" is at 3 on line 1 (𠀀 = 2 units)
        doc.apply(
            2,
            vec![change(0, 3, 0, 6, "42"), change(1, 3, 1, 4, "6")],
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(doc.rope.to_string(), "总计：42 件\r\n𠀀 6\n");
        assert!(doc
            .apply(2, vec![change(0, 0, 0, 1, "X")], Encoding::Utf16)
            .is_err());
        assert_eq!(doc.rope.to_string(), "总计：42 件\r\n𠀀 6\n");
        // utf-8: the same edit in bytes
        doc.apply(3, vec![change(0, 9, 0, 11, "7")], Encoding::Utf8)
            .unwrap();
        assert_eq!(doc.rope.to_string(), "总计：7 件\r\n𠀀 6\n");
        assert_eq!(ends.input.borrow().0, 3);
        // a full-text change
        doc.apply(
            4,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            }],
            Encoding::Utf8,
        )
        .unwrap();
        assert_eq!(doc.rope.to_string(), "x");
    }

    #[test]
    fn edits_across_cr_only_and_unicode_separators() {
        let text = "a\u{2028}b\rc\u{85}d\u{c}\n9";
        let (mut doc, _ends) = Document::new(text, 1, 1, Arc::default());
        // line 1 is "c\u{85}d\u{c}": U+0085 and FF do not break it
        doc.apply(2, vec![change(1, 3, 1, 4, "!")], Encoding::Utf16)
            .unwrap();
        assert_eq!(doc.rope.to_string(), "a\u{2028}b\rc\u{85}d!\n9");
        doc.apply(3, vec![change(2, 0, 2, 1, "8")], Encoding::Utf8)
            .unwrap();
        assert_eq!(doc.rope.to_string(), "a\u{2028}b\rc\u{85}d!\n8");
        // joining the CR line with the next one
        doc.apply(4, vec![change(0, 3, 1, 0, "")], Encoding::Utf16)
            .unwrap();
        assert_eq!(doc.rope.to_string(), "a\u{2028}bc\u{85}d!\n8");
    }
}
