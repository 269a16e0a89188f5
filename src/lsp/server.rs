//! The protocol handlers. They only translate: positions through [`convert`], findings through
//! [`diagnostics`], [`actions`] and [`outline`]; what a report means is the engine's business.
//!
//! Handlers may interleave at every `.await`, so each one that changes a document does all its
//! changes before its first `.await`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Bounded, Client, LanguageServer, NotCancellable, OngoingProgress};

use super::actions;
use super::authoring;
use super::convert::{self, Encoding};
use super::diagnostics;
use super::documents::{self, Document, Engine, Outcome, Published, Snapshot, TaskEnds};
use super::draft;
use super::indexer;
use super::outbox::{Outbox, Room};
use super::outline;
use super::settings::Settings;
use super::transport::InvalidMessage;
use super::workspace::{self, WorkspaceIndex};
use crate::finding::Finding;

/// How long a request waits for the analysis of the version it is about.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);

/// Indexed reports taken into the index at once: one wake-up of the indexing task per batch
/// rather than per file.
const INDEX_BATCH: usize = 32;

pub struct Backend {
    inner: Arc<Inner>,
}

/// What `initialize` settled with the client.
#[derive(Debug, Clone, Copy, Default)]
struct Negotiated {
    encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`).
    pull_diagnostics: bool,
    /// ... and accepts `workspace/diagnostic/refresh`.
    refresh_diagnostics: bool,
    /// The client answers `workspace/configuration`.
    configuration_pull: bool,
    /// The client shows `$/progress` for work the server starts.
    work_done_progress: bool,
    /// The client lets the server register file watchers.
    watch_files: bool,
}

struct Inner {
    client: Client,
    engine: Engine,
    docs: DashMap<Uri, Document>,
    /// What was published for each URI; kept across close and re-open while an open document
    /// or an analysis task of the URI holds it, so that every publication (and the clearing on
    /// close) for a URI goes through one lock. Forgotten once nothing holds it.
    publications: DashMap<Uri, Arc<tokio::sync::Mutex<Published>>>,
    /// Settled by `initialize`.
    negotiated: OnceLock<Negotiated>,
    /// The settings in force, with the ticket of the update that set them.
    settings: RwLock<(u64, Settings)>,
    /// Tickets for settings updates, taken when an update starts: an update that finishes
    /// after a later one started (a slow `workspace/configuration` answer) is dropped.
    settings_tickets: AtomicU64,
    /// Counts `didOpen`s: each open of a document gets its own generation (from 1).
    opens: AtomicU64,
    /// Set by `shutdown`; decides the exit code after `exit`.
    shut_down: Arc<AtomicBool>,
    /// The workspace folders the client gave (read for the index, nothing else).
    folders: OnceLock<Vec<std::path::PathBuf>>,
    /// Reports of the workspace folders, for checks across years.
    workspace: WorkspaceIndex,
    /// Room for publications between the server and its output.
    outbox: Arc<Outbox>,
}

impl Backend {
    pub fn new(
        client: Client,
        engine: Engine,
        shut_down: Arc<AtomicBool>,
        outbox: Arc<Outbox>,
    ) -> Self {
        Backend {
            inner: Arc::new(Inner {
                client,
                engine,
                docs: DashMap::new(),
                publications: DashMap::new(),
                negotiated: OnceLock::new(),
                settings: RwLock::new((0, Settings::default())),
                settings_tickets: AtomicU64::new(1),
                opens: AtomicU64::new(1),
                shut_down,
                folders: OnceLock::new(),
                workspace: WorkspaceIndex::default(),
                outbox,
            }),
        }
    }

    /// A frame [`Guarded`](super::transport::Guarded) could not pass on: log it and answer
    /// with the JSON-RPC error.
    pub async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        let message = format!("malformed message dropped: {}", params.reason);
        self.inner.log(MessageType::ERROR, &message).await;
        Err(Error {
            code: ErrorCode::from(params.code),
            message: message.into(),
            data: None,
        })
    }
}

impl Inner {
    fn negotiated(&self) -> Negotiated {
        self.negotiated.get().copied().unwrap_or_default()
    }

    fn encoding(&self) -> Encoding {
        self.negotiated().encoding
    }

    /// The ticket of the settings in force: changes with every settings update.
    fn settings_in_force(&self) -> u64 {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).0
    }

    /// The findings the user sees: the engine's, filtered by the settings.
    fn visible(&self, findings: &[Finding]) -> Vec<Finding> {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .apply(findings)
    }

    async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    fn settings_ticket(&self) -> u64 {
        self.settings_tickets.fetch_add(1, Ordering::SeqCst)
    }

    /// Apply settings read from `value` unless a later update (higher ticket) already did.
    /// Returns the warnings about malformed entries, or `None` when outdated.
    fn set_settings(&self, ticket: u64, value: &serde_json::Value) -> Option<Vec<String>> {
        let (settings, warnings) = Settings::from_json(value);
        let mut current = self.settings.write().unwrap_or_else(|e| e.into_inner());
        if ticket < current.0 {
            return None;
        }
        *current = (ticket, settings);
        Some(warnings)
    }

    /// After `set_settings`: log, and show every open document with the new settings.
    async fn settings_applied(&self, value: &serde_json::Value, warnings: Vec<String>) {
        for w in warnings {
            self.log(MessageType::WARNING, format!("settings: {w}"))
                .await;
        }
        // show the documents with the new settings first, so the log line means "applied"
        self.republish_all().await;
        self.log(MessageType::INFO, format!("settings: {value}"))
            .await;
        let negotiated = self.negotiated();
        if negotiated.pull_diagnostics && negotiated.refresh_diagnostics {
            // A request to the client: do not hold this handler while it answers.
            let client = self.client.clone();
            tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
        }
    }

    /// The diagnostics of one analysed document: its own findings, then those across years
    /// against the workspace index, both as the settings show them.
    fn diagnostics_of(
        &self,
        uri: &Uri,
        rope: &ropey::Rope,
        a: &crate::Analysis,
    ) -> Vec<Diagnostic> {
        let enc = self.encoding();
        let settings = self.settings.read().unwrap_or_else(|e| e.into_inner());
        let settings = &settings.1;
        let docs = settings.rule_docs();
        let mut out = diagnostics::diagnostics(uri, rope, &settings.apply(&a.findings), enc, docs);
        let cross = self
            .workspace
            .cross_year(uri, a, rope, enc, |f| settings.apply(f), docs);
        out.extend(cross.diagnostics);
        for note in cross.notes {
            // a note is logged once (not on every keystroke), without holding up the diagnostics
            let client = self.client.clone();
            tokio::spawn(async move {
                client
                    .log_message(MessageType::INFO, format!("NB401: {note}"))
                    .await
            });
        }
        out
    }

    /// Read the reports of the workspace folders into the index (with `$/progress` when the
    /// client shows it), watch them for changes, then show every open document again.
    async fn index_workspace(self: Arc<Self>, folders: Vec<std::path::PathBuf>) {
        let enc = self.encoding();
        let files = {
            let folders = folders.clone();
            tokio::task::spawn_blocking(move || workspace::report_files(&folders))
                .await
                .unwrap_or_default()
        };
        let progress = if self.negotiated().work_done_progress {
            let token = NumberOrString::String("nianbao/index".to_owned());
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "nianbao: 索引工作区年度报告")
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        self.index_files(files, enc, progress.as_ref()).await;
        if let Some(p) = progress {
            p.finish_with_message(format!("{} 份报告", self.workspace.len()))
                .await;
        }
        self.log(
            MessageType::INFO,
            format!("workspace: {} reports indexed", self.workspace.len()),
        )
        .await;
        if self.negotiated().watch_files {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(crate::corpus::files::watch_glob()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "nianbao-watch".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.log(
                    MessageType::WARNING,
                    format!("workspace: no file watching: {}", e.message),
                )
                .await;
            }
        }
        self.republish_all().await;
    }

    /// Read `files` into the index on the indexing thread ([`indexer`], lowest priority:
    /// edits are not kept waiting), taking its results in batches; progress about every 20.
    async fn index_files(
        &self,
        files: Vec<std::path::PathBuf>,
        enc: Encoding,
        progress: Option<&OngoingProgress<Bounded, NotCancellable>>,
    ) {
        let total = files.len().max(1);
        let mut results = indexer::spawn(files, enc);
        let mut batch = Vec::with_capacity(INDEX_BATCH);
        let mut done = 0;
        loop {
            let n = results.recv_many(&mut batch, INDEX_BATCH).await;
            if n == 0 {
                return;
            }
            for (uri, indexed) in batch.drain(..) {
                self.workspace.insert(uri, indexed);
            }
            let before = done;
            done += n;
            if let Some(p) = progress.filter(|_| before == 0 || before / 20 != done / 20) {
                p.report_with_message(format!("{done}/{total}"), (done * 100 / total) as u32)
                    .await;
            }
        }
    }

    /// Ask the client for the `nianbao` section (`workspace/configuration`) and apply it.
    async fn pull_settings(self: Arc<Self>, ticket: u64) {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("nianbao".to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or_default();
                if let Some(warnings) = self.set_settings(ticket, &value) {
                    self.settings_applied(&value, warnings).await;
                }
            }
            Err(e) => {
                let message = format!("settings: workspace/configuration failed: {}", e.message);
                self.log(MessageType::WARNING, message).await;
            }
        }
    }

    /// Publish `snap`'s diagnostics unless the document (open `generation`) was closed or
    /// re-opened, or a newer version was already published. A document that is not a report
    /// (or whose analysis failed) gets one empty list, and nothing more while it stays that way.
    /// A client that pulls diagnostics gets nothing pushed: it would show every finding twice
    /// (seen in Neovim 0.11, which shows pushed and pulled diagnostics side by side).
    async fn publish(
        &self,
        uri: &Uri,
        published: &tokio::sync::Mutex<Published>,
        generation: u64,
        snap: &Snapshot,
        room: Room<'_>,
    ) {
        let mut p = published.lock().await;
        if p.owner != generation || p.version.is_some_and(|v| v > snap.version) {
            return;
        }
        if self.negotiated().pull_diagnostics {
            return;
        }
        let diags = match snap.analysis() {
            Some(a) => self.diagnostics_of(uri, &snap.rope, a),
            None if p.version.is_some() && p.empty => return,
            None => Vec::new(),
        };
        p.version = Some(snap.version);
        p.empty = diags.is_empty();
        room.used();
        self.client
            .publish_diagnostics(uri.clone(), diags, Some(snap.version))
            .await;
    }

    /// The document's analysis task: analyse the newest version, store it, publish it unless a
    /// newer version arrived meanwhile; ends when the document is closed.
    async fn analyse_document(self: Arc<Self>, uri: Uri, mut ends: TaskEnds) {
        let mut session = Some(crate::Session::new());
        loop {
            let (version, rope) = ends.input.borrow_and_update().clone();
            let (kept, outcome) = documents::analyse(
                self.engine,
                session.take().unwrap_or_default(),
                rope.clone(),
            )
            .await;
            session = Some(kept);
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(panic) => {
                    self.log(
                        MessageType::ERROR,
                        format!(
                            "analysis of {} version {version} failed: {panic}",
                            uri.as_str()
                        ),
                    )
                    .await;
                    Outcome::Failed
                }
            };
            let snap = Arc::new(Snapshot {
                generation: ends.generation,
                version,
                rope,
                outcome,
            });
            ends.output.send_replace(Some(snap.clone()));
            if !ends.input.has_changed().unwrap_or(true) {
                // Wait for room in the outgoing queue, unless a newer version or the close
                // comes first (then this one is not published, and the task does not linger).
                // A clone watches for it: `changed` on `ends.input` would mark the new version
                // seen and the loop below would miss it.
                let mut newer = ends.input.clone();
                let room = tokio::select! {
                    room = self.outbox.room() => Some(room),
                    _ = newer.changed() => None,
                };
                if let Some(room) = room {
                    self.publish(&uri, &ends.published, ends.generation, &snap, room)
                        .await;
                }
            }
            if ends.input.changed().await.is_err() {
                drop(ends);
                self.forget_closed(&uri);
                return;
            }
        }
    }

    /// Forget the publication record of a URI that is closed and that nothing holds any more
    /// (neither an open document nor an analysis task): closed URIs leave nothing behind.
    fn forget_closed(&self, uri: &Uri) {
        self.publications
            .remove_if(uri, |_, p| Arc::strong_count(p) == 1);
        if self.docs.is_empty() && self.publications.is_empty() {
            self.after_last_close();
        }
    }

    /// Every document is closed and every analysis task has ended: the tables of open
    /// documents shrink to nothing and freed memory goes back to the system. Done here, when
    /// the last of them lets go, rather than after a delay from the last close: a task that
    /// ended after the delay left its entry's room in the table for good.
    fn after_last_close(&self) {
        self.docs.shrink_to_fit();
        self.publications.shrink_to_fit();
        drop(tokio::task::spawn_blocking(super::memory::release_memory));
    }

    /// The analysed snapshot of the document's current version, waiting for the analysis if
    /// it is still running. `None` for a document that is not open; `ContentModified` when
    /// the document changed again before this version was analysed.
    async fn snapshot(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
        let (version, mut output) = match self.docs.get(uri) {
            Some(doc) => (doc.version, doc.output.clone()),
            None => return Ok(None),
        };
        let waited = tokio::time::timeout(ANALYSIS_WAIT, async {
            output
                .wait_for(|s| s.as_ref().is_some_and(|s| s.version >= version))
                .await
                .map(|s| s.clone())
        })
        .await;
        match waited {
            Ok(Ok(Some(snap))) if snap.version == version => Ok(Some(snap)),
            Ok(Ok(Some(_))) => Err(Error::content_modified()),
            _ => Ok(None),
        }
    }

    async fn republish_all(&self) {
        let open: Vec<_> = self
            .docs
            .iter()
            .filter_map(|d| {
                Some((
                    d.key().clone(),
                    d.published.clone(),
                    d.generation,
                    d.output.borrow().clone()?,
                ))
            })
            .collect();
        for (uri, published, generation, snap) in open {
            let room = self.outbox.room().await;
            self.publish(&uri, &published, generation, &snap, room)
                .await;
        }
    }
}

fn markdown(value: String) -> HoverContents {
    HoverContents::Markup(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let workspace = caps.workspace.as_ref();
        let negotiated = Negotiated {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull_diagnostics: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh_diagnostics: workspace
                .and_then(|w| w.diagnostics.as_ref()?.refresh_support)
                .unwrap_or(false),
            configuration_pull: workspace.and_then(|w| w.configuration).unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref()?.dynamic_registration)
                .unwrap_or(false),
        };
        let folders: Vec<std::path::PathBuf> = match &params.workspace_folders {
            Some(f) => f
                .iter()
                .filter_map(|f| Some(f.uri.to_file_path()?.into_owned()))
                .collect(),
            #[allow(deprecated)]
            None => params
                .root_uri
                .iter()
                .filter_map(|u| Some(u.to_file_path()?.into_owned()))
                .collect(),
        };
        let _ = self.inner.folders.set(folders);
        // tower-lsp-server refuses a second `initialize`, so this is set once.
        let _ = self.inner.negotiated.set(negotiated);
        let (enc, pull) = (negotiated.encoding, negotiated.pull_diagnostics);
        if let Some(options) = &params.initialization_options {
            let ticket = self.inner.settings_ticket();
            let _ = self.inner.set_settings(ticket, options);
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some([actions::kinds(), vec![draft::KIND]].concat()),
                        resolve_provider: Some(false),
                        ..Default::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(authoring::trigger_characters()),
                    resolve_provider: Some(false),
                    ..Default::default()
                }),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![authoring::FIX_TABLE.to_owned(), draft::COMMAND.to_owned()],
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(diagnostics::SOURCE.to_owned()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "nianbao".to_owned(),
                version: Some(crate::VERSION.to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let Negotiated {
            encoding: enc,
            pull_diagnostics: pull,
            configuration_pull,
            ..
        } = self.inner.negotiated();
        self.inner
            .log(
                MessageType::INFO,
                format!(
                    "nianbao {} ready: positions in {}, pull diagnostics {}",
                    crate::VERSION,
                    enc.kind().as_str(),
                    if pull { "on" } else { "off" }
                ),
            )
            .await;
        if configuration_pull {
            let ticket = self.inner.settings_ticket();
            tokio::spawn(self.inner.clone().pull_settings(ticket));
        }
        let folders = self.inner.folders.get().cloned().unwrap_or_default();
        if !folders.is_empty() {
            tokio::spawn(self.inner.clone().index_workspace(folders));
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let enc = self.inner.encoding();
        let folders = self.inner.folders.get().cloned().unwrap_or_default();
        for change in params.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            // only what the walk would have found (not a hidden file, not in a build folder)
            let indexed = if change.typ == FileChangeType::DELETED
                || !crate::corpus::would_find(&folders, &path)
            {
                None
            } else {
                tokio::task::spawn_blocking(move || workspace::index_file(&path, enc))
                    .await
                    .ok()
                    .flatten()
            };
            self.inner.workspace.insert(change.uri, indexed);
        }
        self.inner.republish_all().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let generation = self.inner.opens.fetch_add(1, Ordering::SeqCst);
        let published = self
            .inner
            .publications
            .entry(item.uri.clone())
            .or_default()
            .clone();
        let (doc, ends) = Document::new(&item.text, item.version, generation, published.clone());
        let previous = self.inner.docs.insert(item.uri.clone(), doc);
        {
            // Take over the URI's publications: from now on a task of an earlier open (or a
            // close that comes late) publishes nothing.
            let mut p = published.lock().await;
            if generation > p.owner {
                p.owner = generation;
                p.version = None;
            }
        }
        tokio::spawn(self.inner.clone().analyse_document(item.uri.clone(), ends));
        if previous.is_some() {
            let message = format!(
                "{} was opened again; the old text is dropped",
                item.uri.as_str()
            );
            self.inner.log(MessageType::WARNING, message).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let id = params.text_document;
        let enc = self.inner.encoding();
        let result = match self.inner.docs.get_mut(&id.uri) {
            Some(mut doc) => doc.apply(id.version, params.content_changes, enc),
            None => Err(format!(
                "ignored change to version {}: the document is not open",
                id.version
            )),
        };
        if let Err(message) = result {
            self.inner
                .log(
                    MessageType::WARNING,
                    format!("{}: {message}", id.uri.as_str()),
                )
                .await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some((_, doc)) = self.inner.docs.remove(&uri) else {
            self.inner
                .log(
                    MessageType::WARNING,
                    format!("{}: close of a document that is not open", uri.as_str()),
                )
                .await;
            return;
        };
        // Dropping `doc` ends its analysis task; clear what was shown for it, unless the URI
        // was opened again meanwhile.
        let mut p = doc.published.lock().await;
        if p.owner != doc.generation {
            return;
        }
        p.owner = 0;
        if p.version.take().is_some() && !p.empty {
            // not metered: a notification handler does not wait for the editor to read
            self.inner.outbox.unmetered();
            self.inner
                .client
                .publish_diagnostics(uri.clone(), Vec::new(), None)
                .await;
        }
        drop(p);
        drop(doc);
        self.inner.forget_closed(&uri);
    }

    /// Settings pushed by the client, or (when it pushes `null`, as clients using the pull
    /// model do) pulled with `workspace/configuration`.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let ticket = self.inner.settings_ticket();
        if params.settings.is_null() && self.inner.negotiated().configuration_pull {
            // A request to the client: do not hold this notification's slot while it answers.
            tokio::spawn(self.inner.clone().pull_settings(ticket));
        } else if let Some(warnings) = self.inner.set_settings(ticket, &params.settings) {
            self.inner
                .settings_applied(&params.settings, warnings)
                .await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(snap) = self.inner.snapshot(&at.text_document.uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(None);
        };
        let enc = self.inner.encoding();
        let offset = convert::offset(&snap.rope, at.position, enc);
        let findings = self.inner.visible(&analysis.findings);
        let related = diagnostics::related_hover(&snap.rope, &findings, offset);
        let cell = crate::hover::hover(analysis, offset);
        let range = cell
            .as_ref()
            .map(|h| convert::range(&snap.rope, h.span, enc));
        let text: Vec<String> = cell
            .map(|h| h.markdown)
            .into_iter()
            .chain(related)
            .collect();
        Ok((!text.is_empty()).then(|| Hover {
            contents: markdown(text.join("\n\n---\n\n")),
            range,
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.inner.snapshot(&uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(Some(Vec::new()));
        };
        let enc = self.inner.encoding();
        let settings = self
            .inner
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let findings = settings.1.apply(&analysis.findings);
        let request = actions::Request {
            uri: &uri,
            rope: &snap.rope,
            enc,
            docs: settings.1.rule_docs(),
            findings: &findings,
            report: &analysis.report,
            range: convert::span(&snap.rope, params.range, enc),
            only: params.context.only.as_deref(),
        };
        let mut found = actions::code_actions(&request);
        let new_draft = draft::code_action(
            &uri,
            &snap.rope,
            &analysis.report,
            request.range,
            request.only,
        );
        found.extend(new_draft);
        Ok(Some(found))
    }

    /// The values that balance the cell at the cursor, or the empty tables for a blank line
    /// of a section without them (`authoring`).
    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some(snap) = self.inner.snapshot(&at.text_document.uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(None);
        };
        let enc = self.inner.encoding();
        let offset = convert::offset(&snap.rope, at.position, enc);
        let list = authoring::completion(&snap.rope, analysis, offset, enc);
        Ok(Some(CompletionResponse::List(list)))
    }

    /// One lens above each table with relations: balanced, or how many relations fail.
    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.inner.snapshot(&uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(Some(Vec::new()));
        };
        let enc = self.inner.encoding();
        let findings = self.inner.visible(&analysis.findings);
        let lenses = authoring::code_lenses(&uri, &snap.rope, analysis, &findings, enc);
        Ok(Some(lenses))
    }

    /// `nianbao.fixTable [uri, tableId]`: the table's safe fixes in the document's current
    /// version, sent back with `workspace/applyEdit`. Answers `{"applied": bool}`.
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command == draft::COMMAND {
            // `nianbao.newDraft [uri]`: from the text the editor holds
            let uri = draft::argument(&params.arguments)?;
            let open = self.inner.docs.get(&uri).map(|d| d.rope.to_string());
            return draft::execute(&self.inner.client, &uri, open).await;
        }
        let args = (params.command == authoring::FIX_TABLE)
            .then(|| authoring::fix_table_arguments(&params.arguments))
            .flatten();
        let Some((uri, table)) = args else {
            let message = format!("unknown command or arguments: {}", params.command);
            return Err(Error::invalid_params(message));
        };
        let Some(snap) = self.inner.snapshot(&uri).await? else {
            return Ok(None);
        };
        let enc = self.inner.encoding();
        let edit = snap.analysis().and_then(|a| {
            let findings = self.inner.visible(&a.findings);
            authoring::fix_table(&uri, &snap.rope, a, &findings, &table, enc)
        });
        let applied = match edit {
            Some(edit) => self.inner.client.apply_edit(edit).await?.applied,
            None => false,
        };
        Ok(Some(serde_json::json!({ "applied": applied })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snap) = self.inner.snapshot(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(Some(Vec::new()));
        };
        let enc = self.inner.encoding();
        let within = convert::span(&snap.rope, params.range, enc);
        Ok(Some(outline::inlay_hints(
            &self.inner.visible(&analysis.findings),
            within,
            &snap.rope,
            enc,
        )))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snap) = self.inner.snapshot(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(Some(DocumentSymbolResponse::Nested(Vec::new())));
        };
        let symbols =
            outline::document_symbols(&analysis.report, &snap.rope, self.inner.encoding());
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snap) = self.inner.snapshot(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let Some(analysis) = snap.analysis() else {
            return Ok(Some(Vec::new()));
        };
        Ok(Some(outline::folding_ranges(
            &analysis.report,
            &snap.rope,
            self.inner.encoding(),
        )))
    }

    /// The tables re-aligned, as `nianbao fmt` would (`super::format`).
    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snap) = self.inner.snapshot(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let enc = self.inner.encoding();
        Ok(Some(super::format::formatting(&snap, None, enc)))
    }

    /// The tables the range touches, re-aligned.
    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let Some(snap) = self.inner.snapshot(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let enc = self.inner.encoding();
        Ok(Some(super::format::formatting(
            &snap,
            Some(params.range),
            enc,
        )))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let full = |result_id: Option<String>, items| {
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id,
                        items,
                    },
                },
            ))
        };
        let Some(snap) = self.inner.snapshot(&uri).await? else {
            return Ok(full(None, Vec::new()));
        };
        // open generation, version, settings: a re-opened document starts at version 1 again
        let result_id = format!(
            "{}.{}.{}",
            snap.generation,
            snap.version,
            self.inner.settings_in_force()
        );
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        let items = match snap.analysis() {
            Some(a) => self.inner.diagnostics_of(&uri, &snap.rope, a),
            None => Vec::new(),
        };
        Ok(full(Some(result_id), items))
    }
}
