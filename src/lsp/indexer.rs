//! Where the workspace's reports are read for the index: one thread of its own, at the lowest
//! nice level, so that indexing takes little of the CPU time the editor wants.
//!
//! Indexing a folder of 3,000 reports is seconds of CPU. Run on tokio's blocking pool at the
//! normal priority, it competed with the protocol task and the analysis threads for the two
//! cores of the development machine: while it ran, a keystroke in seed 001 waited 1.7–2.3 ms
//! (median) for its diagnostics instead of 0.9 ms (`cargo bench --bench lsp_latency`). On
//! Linux the thread runs at nice 19: a thread of normal priority that wakes up preempts it.
//! `SCHED_IDLE` was tried first and measured as well (0.55–0.64 ms while indexing against
//! 0.52–0.56 ms without a workspace), but it starves: on a machine kept busy by anything else
//! (a build, niced processes) the index was never finished, and the checks across years never
//! came. Elsewhere the thread runs at the priority it was given.
//!
//! Results go to the server through a bounded channel: the thread waits while the server is
//! behind, instead of piling up analyses in memory.

use std::path::PathBuf;

use tokio::sync::mpsc;
use tower_lsp_server::ls_types::Uri;

use super::convert::Encoding;
use super::workspace::{self, Indexed};

/// Results waiting for the server at most (each is one report's slim analysis).
const QUEUED: usize = 64;

/// One file read for the index: `None` when it is not a report (or unreadable, or its analysis
/// panicked).
pub type Result = (Uri, Option<Indexed>);

/// Read `files` for the index on a thread of their own, at the lowest priority. The channel
/// closes when every file is read; dropping the receiver stops the thread at the next file.
pub fn spawn(files: Vec<PathBuf>, enc: Encoding) -> mpsc::Receiver<Result> {
    let (tx, rx) = mpsc::channel(QUEUED);
    let started = std::thread::Builder::new()
        .name("nianbao-index".to_owned())
        .spawn(move || {
            lowest_priority();
            for path in files {
                let Some(uri) = Uri::from_file_path(&path) else {
                    continue;
                };
                if tx.blocking_send((uri, index_file(path, enc))).is_err() {
                    break;
                }
            }
            super::memory::flush_thread_cache();
        });
    if let Err(e) = started {
        // no index, no cross-year checks; the server itself carries on
        eprintln!("nianbao lsp: cannot start the indexing thread: {e}");
    }
    rx
}

/// [`workspace::index_file`], a panic of the engine counted as "not a report": one bad file
/// in the workspace must not end the indexing.
fn index_file(path: PathBuf, enc: Encoding) -> Option<Indexed> {
    let run = std::panic::AssertUnwindSafe(|| workspace::index_file(&path, enc));
    std::panic::catch_unwind(run).ok().flatten()
}

/// Put the calling thread at nice 19 (Linux: the nice level is per thread). A no-op elsewhere.
fn lowest_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a plain call on the calling thread only (who 0).
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}
