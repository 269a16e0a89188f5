// What the VS Code tests (authoring.js, draft.js, format.js, extra.js) share: their arguments,
// the JSON-lines report (check events, the closing `NAME: N passed, M failed` line), code-server
// (from install-code-server.sh) with the .vsix installed, headless Debian Chromium through
// playwright-core, the folder opened in the browser with a file focused, and moving around it.
//
//   const lib = require('./lib');
//   const t = lib.harness('authoring.js', { required: ['vsix', 'folder', 'file', 'server'] });
//   t.run('vscode-authoring', 'nianbao-cs-authoring-', async (page) => { ... t.check(...) ... });
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const { spawn, execFileSync } = require('child_process');
const { createRequire } = require('module');

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}
function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}
async function until(fn, ms, step = 200) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(step);
  }
}

// the editor settings every test starts from (a quiet workbench, no minimap, fixed metrics)
const SETTINGS = {
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false, 'git.enabled': false, 'editor.minimap.enabled': false,
  'editor.fontSize': 13, 'editor.lineHeight': 18, 'breadcrumbs.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** The test named `script`: its arguments (`--name value` pairs; `required` ones checked, exit 2
 * without them; `defaults` first; --timeout in seconds, default 60), its checks and counts, and
 * the code-server/browser helpers bound to them. */
function harness(script, { required, defaults = {} }) {
  const args = { timeout: 60, ...defaults };
  for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  for (const k of required) {
    if (!args[k]) { console.error(`${script}: --${k} is required`); process.exit(2); }
  }
  args.timeout = Number(args.timeout);
  const prefix = args.prefix || path.join(process.env.LSP_CLIENTS_HOME || path.join(os.homedir(), '.cache', 'lsp-clients'), 'code-server');
  const server = path.resolve(args.server);
  const absFile = args.file ? path.resolve(args.folder, args.file) : '';
  const shot = args.screenshot ? path.resolve(args.screenshot) : '';
  const shotAs = (suffix) => shot.replace(/\.png$/i, '') + suffix + '.png';

  const counts = { passed: 0, failed: 0 };
  const check = (name, ok, detail) => {
    if (ok) counts.passed++; else counts.failed++;
    emit({ event: 'check', name, ok: !!ok, detail });
    return ok;
  };

  const playwright = () => createRequire(path.join(prefix, 'package.json'))('playwright-core');
  const launch = (chromium) => chromium.launch({
    executablePath: args.chromium || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  /** code-server with the .vsix installed, SETTINGS and `settings` as the user's settings and
   * nianbao.server.path set; `spawned(process)` as soon as it runs (to be stopped whatever
   * happens next); returns its URL. */
  async function startCodeServer(tmp, spawned, settings = {}) {
    const csBin = path.join(prefix, 'node_modules', '.bin', 'code-server');
    const ud = path.join(tmp, 'user-data');
    const ext = path.join(tmp, 'extensions');
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    fs.mkdirSync(path.join(ud, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
    const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', ext];
    execFileSync(csBin, [...common, '--install-extension', path.resolve(args.vsix), '--force'], { stdio: 'ignore' });
    fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
    // machine-overridable: read from the remote machine's settings in code-server
    fs.writeFileSync(path.join(ud, 'Machine', 'settings.json'), JSON.stringify({ 'nianbao.server.path': server }));
    const port = await freePort();
    const logFd = fs.openSync(path.join(tmp, 'code-server.log'), 'a');
    const cs = spawn(csBin, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened', args.folder],
    { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, VSCODE_CLI: '1' } });
    spawned(cs);
    const base = `http://127.0.0.1:${port}`;
    if (!(await until(() => httpOk(`${base}/healthz`), 30000, 250))) throw new Error('code-server did not start');
    return base;
  }

  /** The browser on the folder with `file` (relative to it) opened by Quick Open and focused. */
  async function openFile(browser, base, file, viewport = { width: 1280, height: 800 }) {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(args.timeout * 1000);
    await page.goto(`${base}/?folder=${encodeURIComponent(args.folder)}`);
    await page.waitForSelector('.monaco-workbench .part.sidebar');
    const tab = page.locator(`.tabs-container .tab[data-resource-name="${path.basename(file)}"]`);
    for (let i = 0; i < 10 && !(await tab.count()); i++) {
      await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10000 });
      await input.fill(file);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10000 }).catch(() => {});
      await sleep(300);
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    return page;
  }

  /** Move the cursor to L:C (1-based, characters) with Go to Line. */
  async function gotoPos(page, spec) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type(spec);
    await sleep(300);
    await page.keyboard.press('Enter');
    await sleep(300);
  }

  /** Save and wait until --file on disk differs from `before`; returns its text. */
  async function saved(page, before) {
    await page.keyboard.press('Control+S');
    await until(() => fs.readFileSync(absFile, 'utf8') !== before, 15000);
    return fs.readFileSync(absFile, 'utf8');
  }

  /** The whole test: `opts.prepare()` (before anything starts; an error ends the test),
   * `opts.begin()` (the first step: an error counts as a failure), code-server in a temp dir
   * named `tmpPrefix`… with `opts.settings`, Chromium on the folder with `opts.file` (default --file)
   * open, `body(page)`; an error counts as a failure (a -failure screenshot, code-server's log);
   * everything stopped and removed, then `NAME: N passed, M failed`, exit 0 only if none failed. */
  async function run(name, tmpPrefix, body, opts = {}) {
    const { chromium } = playwright();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    if (opts.prepare) await opts.prepare();
    let cs;
    let browser;
    let page;
    try {
      if (opts.begin) await opts.begin();
      const base = await startCodeServer(tmp, (p) => { cs = p; }, opts.settings);
      browser = await launch(chromium);
      page = await openFile(browser, base, opts.file || args.file, opts.viewport);
      if (shot) fs.mkdirSync(path.dirname(shot), { recursive: true });
      await body(page);
    } catch (err) {
      counts.failed++;
      emit({ event: 'error', message: String(err && err.stack || err) });
      if (page && shot) await page.screenshot({ path: shotAs('-failure') }).catch(() => {});
      try { console.error(fs.readFileSync(path.join(tmp, 'code-server.log'), 'utf8').split('\n').slice(-30).join('\n')); } catch { /* none */ }
    } finally {
      if (browser) await browser.close().catch(() => {});
      if (cs) {
        try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
        await sleep(500);
        try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    finish(name);
  }

  /** `NAME: N passed, M failed`; exit 0 only if none failed. */
  function finish(name) {
    console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
    process.exit(counts.failed ? 1 : 0);
  }

  return {
    args, prefix, server, absFile, shot, shotAs, counts, check, emit, sleep, until,
    playwright, launch, startCodeServer, openFile, gotoPos, saved, run, finish,
  };
}

/** Run `main`; an error it throws is reported, exit 1. */
function main(fn) {
  fn().catch((e) => { emit({ event: 'error', message: String(e && e.stack || e) }); process.exit(1); });
}

module.exports = { emit, sleep, until, freePort, httpOk, SETTINGS, harness, main };
