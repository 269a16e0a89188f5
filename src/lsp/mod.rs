//! `nianbao lsp`: the language server, LSP over stdio (tower-lsp-server).
//!
//! - [`convert`]: byte spans ↔ LSP positions (utf-8 or utf-16, LSP line breaks), the only place
//!   positions are converted;
//! - [`documents`]: open documents (rope + version), their analysis task, snapshots;
//! - [`memory`]: what the server asks of the allocator to give closed documents' memory back;
//! - [`diagnostics`], [`actions`], [`outline`]: findings and the report model → LSP values;
//! - [`format`]: the tables re-aligned (`nianbao::format`) as `TextEdit`s;
//! - [`authoring`]: completion (totals, empty tables), code lenses and `nianbao.fixTable`
//!   (`nianbao::authoring`) as LSP values;
//! - [`settings`]: `nianbao.disabledChecks`, `nianbao.severityOverrides`, `nianbao.ruleDocs`;
//! - [`server`]: the protocol handlers, which only translate;
//! - [`transport`]: keeps frames tower-lsp-server cannot decode (and would stop at) away from it;
//! - [`outbox`]: lets publications wait for the editor to read, instead of piling up in memory;
//! - [`indexer`]: reads the workspace's reports for the index at the lowest priority.
//!
//! Rule documentation is linked from each diagnostic's `codeDescription` only when the client
//! says where the pages are: the setting (or initialization option) `nianbao.ruleDocs`, a URI
//! prefix, gives `<ruleDocs><CODE>.md` ([`diagnostics::RuleDocs`]). The pages are the files of
//! `src/checks/docs/`, what `nianbao explain <CODE>` prints; the VS Code extension ships them and
//! points `ruleDocs` at its copy. Without the setting, diagnostics carry no `codeDescription`.

pub mod actions;
pub mod authoring;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod draft;
pub mod format;
pub mod indexer;
pub mod memory;
pub mod outbox;
pub mod outline;
pub mod server;
pub mod settings;
pub mod transport;
pub mod workspace;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use documents::Engine;

/// Serve LSP on stdin/stdout until `exit` (or end of input). Exit code 0 when `shutdown`
/// came before, 1 otherwise (LSP 3.17, `exit`).
pub fn run_stdio() -> ExitCode {
    // jemalloc's thread caches (see `memory::flush_thread_cache`): none on this thread,
    // which runs the protocol loop; the workers' emptied whenever they go idle
    memory::no_thread_cache();
    memory::purge_in_background();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_park(memory::flush_thread_cache)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let clean = runtime.block_on(serve(
        tokio::io::stdin(),
        tokio::io::stdout(),
        Engine::default(),
    ));
    // tokio's stdin reader may still be blocked in read(2) when the client keeps stdin open
    // after `exit`: do not wait for it.
    runtime.shutdown_background();
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Serve LSP on any byte streams (the tests use in-memory pipes) with the given engine.
/// Returns whether `shutdown` was received before the server stopped.
pub async fn serve<I, O>(input: I, output: O, engine: Engine) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let shut_down = Arc::new(AtomicBool::new(false));
    let outbox = outbox::Outbox::new();
    let (service, socket) = LspService::build(|client| {
        server::Backend::new(client, engine, shut_down.clone(), outbox.clone())
    })
    .custom_method(transport::INVALID_MESSAGE, server::Backend::invalid_message)
    .finish();
    let socket = outbox::Metered::new(socket, outbox);
    Server::new(transport::Guarded::new(input), output, socket)
        .serve(service)
        .await;
    shut_down.load(Ordering::SeqCst)
}
