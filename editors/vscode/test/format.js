#!/usr/bin/env node
// Formatting in VS Code (code-server from install-code-server.sh, headless Debian Chromium,
// playwright-core), the extension's .vsix with the server given by nianbao.server.path, on a
// misaligned copy of examples/unbalanced.txt:
//   1. "Format Document" from the command palette (textDocument/formatting): the saved file
//      equals `nianbao fmt`'s output byte for byte;
//   2. undone and saved, then lines 13-14 (table 二) selected and "Format Selection" run
//      (textDocument/rangeFormatting): table 二 (lines 11-24) is tidied, every other line kept.
// Screenshots: OUT-before.png (misaligned), OUT.png (after Format Document, table 三 in view).
//
// usage: node format.js --vsix EXT.vsix --folder DIR --file REL --server BIN
//          [--screenshot OUT.png] [--prefix DIR] [--timeout SECONDS]
// Prints JSON lines; exit 0 when every check passed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const { spawn, execFileSync } = require('child_process');
const { createRequire } = require('module');

const args = { timeout: 60 };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['vsix', 'folder', 'file', 'server']) {
  if (!args[k]) { console.error(`format.js: --${k} is required`); process.exit(2); }
}
args.timeout = Number(args.timeout);
const prefix = args.prefix || path.join(process.env.LSP_CLIENTS_HOME || path.join(os.homedir(), '.cache', 'lsp-clients'), 'code-server');
const server = path.resolve(args.server);
const absFile = path.resolve(args.folder, args.file);
const shot = args.screenshot ? path.resolve(args.screenshot) : '';
const shotAs = (suffix) => shot.replace(/\.png$/i, '') + suffix + '.png';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let failed = 0;
let passed = 0;
const check = (name, ok, detail) => {
  if (ok) passed++; else failed++;
  emit({ event: 'check', name, ok: !!ok, detail });
  return ok;
};
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
// the first line where `a` and `b` differ, for the report
function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, got: la[i], want: lb[i] };
  }
  return null;
}

/** code-server with the .vsix installed and nianbao.server.path set; `spawned(process)` as
 * soon as it runs (to be stopped whatever happens next); returns its URL. */
async function startCodeServer(tmp, spawned) {
  const csBin = path.join(prefix, 'node_modules', '.bin', 'code-server');
  const ud = path.join(tmp, 'user-data');
  const ext = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(path.join(ud, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', ext];
  execFileSync(csBin, [...common, '--install-extension', path.resolve(args.vsix), '--force'], { stdio: 'ignore' });
  const settings = {
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false,
    'chat.commandCenter.enabled': false, 'git.enabled': false, 'editor.minimap.enabled': false,
    'editor.fontSize': 12, 'editor.lineHeight': 17, 'breadcrumbs.enabled': false,
    // a CJK character exactly two Latin columns wide (Debian's fonts-wqy-zenhei: 6 and 12 px
    // at 12 px; Micro Hei Mono's Latin is 0.6 em), so the screenshot shows the columns as an
    // editor with a CJK monospace font does. Without it the file is still checked, byte for byte
    'editor.fontFamily': "'WenQuanYi Zen Hei Mono', monospace",
    'editor.wordWrap': 'off', 'editor.stickyScroll.enabled': false, 'editor.codeLens': false, 'editor.inlayHints.enabled': 'off',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
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

/** The browser on the folder with the report open and focused. */
async function openReport(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(args.timeout * 1000);
  await page.goto(`${base}/?folder=${encodeURIComponent(args.folder)}`);
  await page.waitForSelector('.monaco-workbench .part.sidebar');
  const tab = page.locator(`.tabs-container .tab[data-resource-name="${path.basename(absFile)}"]`);
  for (let i = 0; i < 10 && !(await tab.count()); i++) {
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(args.file);
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

/** Run a command from the palette by its title; whether it was listed. */
async function palette(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  const found = await row.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(800);
  return found;
}

/** Save and wait until the file on disk differs from `before`; returns its text. */
async function saved(page, before) {
  await page.keyboard.press('Control+S');
  await until(() => fs.readFileSync(absFile, 'utf8') !== before, 15000);
  return fs.readFileSync(absFile, 'utf8');
}

async function formatDocument(page, original, expected) {
  const status = page.locator('.statusbar-item', { hasText: 'nianbao' });
  const ready = await until(async () => (await status.count()) && /nianbao: 3$/.test((await status.first().innerText()).trim()), args.timeout * 1000);
  check('the server analysed the report (status bar: 3 findings)', ready);
  await page.keyboard.press('Control+B'); // the side bar away: the wide table in view
  await gotoPos(page, '41:1');
  const font = await page.locator('.monaco-editor .view-lines').first().evaluate((e) => getComputedStyle(e).fontFamily);
  emit({ event: 'editor_font', font });
  if (shot) await page.screenshot({ path: shotAs('-before') });
  check('command palette lists "Format Document"', await palette(page, 'Format Document'));
  const text = await saved(page, original);
  check('Format Document + save: the file equals `nianbao fmt` byte for byte', text === expected,
    firstDifference(text, expected));
  await gotoPos(page, '41:1');
  if (shot) await page.screenshot({ path: shot });
  return text;
}

async function formatSelection(page, original, expected, formatted) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Z');
  await sleep(300);
  const undone = await saved(page, formatted);
  check('undone and saved: the misaligned text again', undone === original, firstDifference(undone, original));
  await gotoPos(page, '13:1');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  check('command palette lists "Format Selection"', await palette(page, 'Format Selection'));
  const text = await saved(page, original);
  const [got, want, was] = [text, expected, original].map((t) => t.split('\n'));
  const two = got.slice(10, 24).join('\n') === want.slice(10, 24).join('\n');
  const rest = got.length === was.length && got.every((l, i) => (i >= 10 && i < 24) || l === was[i]);
  check('Format Selection on lines 13-14: table 二 (lines 11-24) tidied', two, got[12]);
  check('...every other line unchanged (table 三 still misaligned)', rest, got[40]);
}

async function main() {
  const { chromium } = createRequire(path.join(prefix, 'package.json'))('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cs-format-'));
  let cs;
  let browser;
  let page;
  try {
    const original = fs.readFileSync(absFile, 'utf8');
    const expected = execFileSync(server, ['fmt', '-'], { input: original, encoding: 'utf8' });
    check('the copy is misaligned (`nianbao fmt` would change it)', expected !== original);
    const base = await startCodeServer(tmp, (p) => { cs = p; });
    browser = await chromium.launch({
      executablePath: args.chromium || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await openReport(browser, base);
    if (shot) fs.mkdirSync(path.dirname(shot), { recursive: true });
    const formatted = await formatDocument(page, original, expected);
    await formatSelection(page, original, expected, formatted);
  } catch (err) {
    failed++;
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
  console.log(`vscode-format: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { emit({ event: 'error', message: String(e && e.stack || e) }); process.exit(1); });
