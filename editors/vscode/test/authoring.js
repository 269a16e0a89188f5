#!/usr/bin/env node
// Authoring in VS Code (code-server from install-code-server.sh, headless Debian Chromium,
// playwright-core), the extension's .vsix with the server given by nianbao.server.path:
//   1. code lenses: "2 处不平 — 全部修正" above table 三 (line 26), "1 处不平 — 无可确定的修正"
//      above table 四 (line 55);
//   2. completion (Ctrl+Space) right after the wrong total 13 (41:54): the first suggestion is
//      the sum 12 with its formula; Enter writes it; the file is saved and read back; undone;
//   3. a click on the lens of 三 (`nianbao.fixTable`, run by the server through
//      workspace/applyEdit) fixes the table: saved file = the original with 13 -> 12 only, and
//      the lens turns "平衡 ✓（39 项勾稽关系）".
// Screenshots: OUT-completion.png (the suggestion with its formula), OUT-lens.png (the lenses),
// OUT.png (after the lens ran).
//
// usage: node authoring.js --vsix EXT.vsix --folder DIR --file REL --server BIN
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
  if (!args[k]) { console.error(`authoring.js: --${k} is required`); process.exit(2); }
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
    'editor.fontSize': 13, 'editor.lineHeight': 18, 'breadcrumbs.enabled': false,
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

/** Save and wait until the file on disk differs from `before`; returns its text. */
async function saved(page, before) {
  await page.keyboard.press('Control+S');
  await until(() => fs.readFileSync(absFile, 'utf8') !== before, 15000);
  return fs.readFileSync(absFile, 'utf8');
}

async function lensTexts(page) {
  return (await page.locator('.monaco-editor .codelens-decoration').allInnerTexts()).map((t) => t.trim());
}

async function lenses(page) {
  await gotoPos(page, '26:1');
  const three = await until(async () => (await lensTexts(page)).includes('2 处不平 — 全部修正'), args.timeout * 1000);
  check('lens above table 三: 2 处不平 — 全部修正', three, await lensTexts(page));
  const link = page.locator('.monaco-editor .codelens-decoration a', { hasText: '全部修正' });
  check('...and it is a link (nianbao.fixTable)', (await link.count()) === 1, await link.count());
  if (shot) await page.screenshot({ path: shotAs('-lens') });
  await gotoPos(page, '55:1');
  const four = await until(async () => (await lensTexts(page)).includes('1 处不平 — 无可确定的修正'), 15000);
  check('lens above table 四: 1 处不平 — 无可确定的修正', four, await lensTexts(page));
}

async function completion(page, original) {
  await gotoPos(page, '41:54');
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  for (let i = 0; i < 5 && !(await rows.count()); i++) {
    await page.keyboard.press('Control+Space');
    await rows.first().waitFor({ timeout: 5000 }).catch(() => {});
  }
  const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  emit({ event: 'suggestions', at: '41:54', rows: texts });
  check('completion at the total 13: the first suggestion is 12', /^12\b/.test(texts[0] || ''), texts);
  // the focused row shows its detail inline (editor.suggest.showInlineDetails)
  check('...with its formula 9 + 2 + 0 + 0 + 0 + 1 = 12', (texts[0] || '').includes('9 + 2 + 0 + 0 + 0 + 1 = 12'), texts[0]);
  if (shot) await page.screenshot({ path: shotAs('-completion') });
  await page.keyboard.press('Enter');
  await sleep(300);
  const text = await saved(page, original);
  const expected = original.replace('| 1 | 13 |', '| 1 | 12 |');
  check('Enter wrote 12 into the cell (saved file: only 13 -> 12)', text === expected, text.split('\n')[40]);
  await page.keyboard.press('Control+Z');
  await sleep(300);
  check('undone and saved: 13 again', (await saved(page, text)) === original);
}

async function runLens(page, original) {
  await gotoPos(page, '26:1');
  const link = page.locator('.monaco-editor .codelens-decoration a', { hasText: '全部修正' });
  const back = await until(async () => (await link.count()) === 1, 20000);
  check('after the undo the lens of 三 offers the fix again', back, await lensTexts(page));
  if (!back) return;
  await link.first().click();
  const changed = await until(() => page.locator('.monaco-editor .codelens-decoration', { hasText: '平衡 ✓' }).count(), 20000);
  const text = await saved(page, original);
  check('the lens ran nianbao.fixTable: saved file = original with 13 -> 12 only',
    text === original.replace('| 1 | 13 |', '| 1 | 12 |'), text.split('\n')[40]);
  check('the lens of 三 now says 平衡 ✓（39 项勾稽关系）', changed && (await lensTexts(page)).includes('平衡 ✓（39 项勾稽关系）'), await lensTexts(page));
  if (shot) await page.screenshot({ path: shot });
}

async function main() {
  const { chromium } = createRequire(path.join(prefix, 'package.json'))('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cs-authoring-'));
  let cs;
  let browser;
  let page;
  try {
    const base = await startCodeServer(tmp, (p) => { cs = p; });
    browser = await chromium.launch({
      executablePath: args.chromium || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await openReport(browser, base);
    if (shot) fs.mkdirSync(path.dirname(shot), { recursive: true });
    const original = fs.readFileSync(absFile, 'utf8');
    await lenses(page);
    await completion(page, original);
    await runLens(page, original);
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
  console.log(`vscode-authoring: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { emit({ event: 'error', message: String(e && e.stack || e) }); process.exit(1); });
