// VS Code client for `nianbao lsp`.
//
// - Starts the server lazily: when a plain-text, markdown, HTML or `nianbao.report` document that
//   may be an annual report is open (a cheap pre-filter, `looksLikeReport`; the server decides).
// - Finds the binary: setting `nianbao.server.path`, else the server bundled in a platform
//   .vsix (`server/nianbao[.exe]`), else `nianbao` on PATH, else tells the user how to install it.
// - Forwards the `nianbao` settings section (disabledChecks, severityOverrides), plus `ruleDocs`:
//   where the rule pages shipped with the extension are (`rules/NB101.md`), so each diagnostic's
//   code links to its page (the server adds no link without it).
// - Command `nianbao.fixAll` runs the `source.fixAll.nianbao` code action on the active file.
// - Status bar item: number of nianbao findings in the active file; click opens Problems.
// - Crash recovery is vscode-languageclient's default error handler: when the server process
//   dies, the client restarts it (up to 4 times within 3 minutes) and reopens the documents.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

const SECTION = 'nianbao';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('nianbao');
const LANGUAGES = ['plaintext', 'markdown', 'html', 'nianbao.report'];
// A cheap pre-filter, not the server's test: every annual report names 政府信息 (its title, the
// headings of sections 二 and 三, the rows of table 三). The server decides which documents are
// reports (nianbao::corpus::identify: a title line, the section headings, the tables' header
// lines) and leaves the others without diagnostics. Kept in step with editors/nvim (M.markers).
const MARKERS = ['政府信息'];

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let missingShown = false;

export function looksLikeReport(text: string): boolean {
  return MARKERS.some((m) => text.includes(m));
}

function isCandidate(doc: vscode.TextDocument): boolean {
  if (!LANGUAGES.includes(doc.languageId)) return false;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return doc.languageId === 'nianbao.report' || looksLikeReport(doc.getText());
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** This machine as a VS Code platform (`linux-x64`, `win32-x64`, ...), for messages. */
const PLATFORM = `${process.platform}-${process.arch}`;

/**
 * The server shipped in a platform .vsix: `server/nianbao` (`server/nianbao.exe` on Windows).
 * Unpacking a .vsix may lose the executable bit: it is set again here when missing.
 */
export function bundledServer(extensionPath: string): string | undefined {
  const p = path.join(extensionPath, 'server', process.platform === 'win32' ? 'nianbao.exe' : 'nianbao');
  try {
    if (!fs.statSync(p).isFile()) return undefined;
  } catch {
    return undefined;
  }
  if (!isExecutable(p)) {
    try {
      fs.chmodSync(p, 0o755);
      output?.appendLine(`made ${p} executable`);
    } catch (err) {
      output?.appendLine(`cannot make ${p} executable: ${String(err)}`);
    }
  }
  return isExecutable(p) ? p : undefined;
}

/**
 * The server binary and where it was found: the setting `nianbao.server.path` (when set, and
 * only there), else the bundled server, else `nianbao` on PATH; undefined when none works.
 */
export function locateServer(): { command: string; from: 'setting' | 'bundled' | 'PATH' } | undefined {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '').trim();
  if (configured) {
    const p = configured.replace(/^~(?=$|\/)/, process.env.HOME ?? '~');
    return isExecutable(p) ? { command: p, from: 'setting' } : undefined;
  }
  const bundled = extensionContext && bundledServer(extensionContext.extensionPath);
  if (bundled) return { command: bundled, from: 'bundled' };
  const exe = process.platform === 'win32' ? ['nianbao.exe', 'nianbao.cmd'] : ['nianbao'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of exe) {
      const p = path.join(dir, name);
      if (isExecutable(p)) return { command: p, from: 'PATH' };
    }
  }
  return undefined;
}

/** The server binary ({@link locateServer}), or undefined. */
export function findServer(): string | undefined {
  return locateServer()?.command;
}

/** `ruleDocs` for the server: the URI of the rule pages shipped in `rules/`, with a final `/`. */
function ruleDocs(): string | undefined {
  const dir = path.join(extensionContext.extensionPath, 'rules');
  return fs.existsSync(dir) ? vscode.Uri.file(dir).toString() + '/' : undefined;
}

function showMissingServer(): void {
  if (missingShown) return;
  missingShown = true;
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '').trim();
  const msg = configured
    ? vscode.l10n.t('nianbao: the language server was not found at {0} (setting nianbao.server.path). Install it with `cargo install --path .` in the nianbao repository, or fix the setting.', configured)
    : vscode.l10n.t('nianbao: no language server: this extension carries none for {0} and `nianbao` is not on PATH. Install it with `cargo install --path .` in the nianbao repository, or set nianbao.server.path.', PLATFORM);
  const open = vscode.l10n.t('Open Settings');
  void vscode.window.showWarningMessage(msg, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'nianbao.server.path');
  });
}

async function startClient(ctx: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  if (starting) return starting;
  starting = (async () => {
    const found = locateServer();
    if (!found) {
      showMissingServer();
      return;
    }
    const { command } = found;
    output.appendLine(`starting ${command} lsp (${found.from === 'setting' ? 'setting nianbao.server.path' : found.from === 'bundled' ? 'bundled with the extension' : 'found on PATH'})`);
    // No `transport` field: TransportKind.stdio would append `--stdio` to the arguments.
    const serverOptions: ServerOptions = { command, args: ['lsp'] };
    const documentSelector = LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      outputChannel: output,
      synchronize: { configurationSection: SECTION },
      initializationOptions: { [SECTION]: settings() },
      errorHandler: loggingErrorHandler(() => c),
      middleware: {
        workspace: {
          // `ruleDocs` is no user setting: add it wherever the server reads the section, or an
          // update without it would take the links away.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            const docs = ruleDocs();
            return result.map((value, i) =>
              docs && params.items[i]?.section === SECTION && value && typeof value === 'object'
                ? { ...value, ruleDocs: docs }
                : value);
          },
          didChangeConfiguration: async (sections, next) => {
            if (!sections?.includes(SECTION)) return next(sections);
            await c.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings() } });
          },
        },
      },
    };
    // eslint-disable-next-line prefer-const
    let c: LanguageClient;
    c = new LanguageClient('nianbao', 'nianbao', serverOptions, clientOptions);
    c.onDidChangeState((e) => {
      output.appendLine(`client state: ${State[e.oldState]} -> ${State[e.newState]}`);
      updateStatus();
    });
    client = c;
    try {
      await c.start();
    } catch (err) {
      output.appendLine(`could not start the server: ${String(err)}`);
      client = undefined;
      void vscode.window.showErrorMessage(vscode.l10n.t('nianbao: the language server did not start: {0}', String(err)));
    }
  })();
  try {
    await starting;
  } finally {
    starting = undefined;
  }
  updateStatus();
}

/** What the server reads from the `nianbao` section. */
function settings(): { disabledChecks: string[]; severityOverrides: Record<string, string>; ruleDocs?: string } {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return {
    disabledChecks: cfg.get<string[]>('disabledChecks', []),
    severityOverrides: cfg.get<Record<string, string>>('severityOverrides', {}),
    ruleDocs: ruleDocs(),
  };
}

/**
 * vscode-languageclient's default handler, with a line in the output channel each time the
 * server dies. The default restarts the server on close (up to 4 times in 3 minutes), which
 * is what we want; wrapping it keeps that behaviour and makes restarts visible.
 */
function loggingErrorHandler(getClient: () => LanguageClient): ErrorHandler {
  let inner: ErrorHandler | undefined;
  const get = () => (inner ??= getClient().createDefaultErrorHandler(4));
  return {
    error: (e, m, count) => {
      output.appendLine(`connection error (${count ?? 0}): ${e.message}`);
      return get().error(e, m, count);
    },
    closed: async () => {
      const r = await get().closed();
      output.appendLine(`server connection closed: ${r.action === CloseAction.Restart ? 'restarting' : 'not restarting'}`);
      return r;
    },
  };
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
  updateStatus();
}

function countFindings(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nianbao').length;
}

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client || !LANGUAGES.includes(editor.document.languageId)) {
    statusItem.hide();
    return;
  }
  const doc = editor.document;
  if (!isCandidate(doc)) {
    statusItem.hide();
    return;
  }
  const n = countFindings(doc.uri);
  if (client.state !== State.Running) {
    statusItem.text = '$(sync~spin) nianbao';
    statusItem.tooltip = vscode.l10n.t('nianbao: the language server is starting');
  } else if (n === 0) {
    statusItem.text = '$(check) nianbao';
    statusItem.tooltip = vscode.l10n.t('nianbao: no findings in this file');
  } else {
    statusItem.text = `$(warning) nianbao: ${n}`;
    statusItem.tooltip = n === 1
      ? vscode.l10n.t('nianbao: 1 finding in this file (click to open Problems)')
      : vscode.l10n.t('nianbao: {0} findings in this file (click to open Problems)', n);
  }
  statusItem.show();
}

/** Runs the server's `source.fixAll.nianbao` code action on the active document. */
async function fixAll(): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 0;
  const doc = editor.document;
  if (!client) await startClient(extensionContext);
  const full = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', doc.uri, full, FIX_ALL_KIND.value)) ?? [];
  let applied = 0;
  for (const a of actions) {
    if (!('kind' in a) || !a.kind || !FIX_ALL_KIND.contains(a.kind)) continue;
    if (a.edit && (await vscode.workspace.applyEdit(a.edit))) applied++;
    if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
  }
  if (applied === 0) void vscode.window.showInformationMessage(vscode.l10n.t('nianbao: nothing to fix in this file'));
  return applied;
}

let extensionContext: vscode.ExtensionContext;

export async function activate(ctx: vscode.ExtensionContext) {
  extensionContext = ctx;
  output = vscode.window.createOutputChannel('nianbao');
  statusItem = vscode.window.createStatusBarItem('nianbao.findings', vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'nianbao';
  statusItem.command = 'workbench.actions.view.problems';
  ctx.subscriptions.push(output, statusItem);

  const maybeStart = (doc: vscode.TextDocument) => {
    if (!client && isCandidate(doc)) void startClient(ctx);
  };
  ctx.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidChangeTextDocument((e) => maybeStart(e.document)),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('nianbao.server.path')) {
        missingShown = false;
        await stopClient();
        vscode.workspace.textDocuments.forEach(maybeStart);
      }
    }),
    vscode.commands.registerCommand('nianbao.fixAll', fixAll),
    vscode.commands.registerCommand('nianbao.restartServer', async () => {
      missingShown = false;
      await stopClient();
      await startClient(ctx);
    }),
    vscode.commands.registerCommand('nianbao.showOutput', () => output.show()),
    { dispose: () => void stopClient() },
  );
  vscode.workspace.textDocuments.forEach(maybeStart);
  updateStatus();
  // For tests and other extensions.
  return { findServer, locateServer, looksLikeReport, client: () => client, fixAll };
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
