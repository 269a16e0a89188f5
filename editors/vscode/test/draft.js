#!/usr/bin/env node
// "起草下一年度报告" in VS Code (code-server from install-code-server.sh, headless Debian Chromium,
// playwright-core), the extension's .vsix with the server given by nianbao.server.path, on a
// copy of examples/clean.txt named 2023.txt:
//   1. the cursor on the title line: a lightbulb, and the code action menu (Ctrl+.) offers
//      "起草下一年度报告（2024）";
//   2. choosing it runs nianbao.newDraft on the server, which sends workspace/applyEdit
//      (CreateFile 2024.txt + its text) and window/showDocument: the draft opens in its own tab;
//   3. saved, 2024.txt is what `nianbao new` writes, and the editor shows information
//      squiggles (the 【待更新：…】 markers) and no error or warning squiggle.
// Screenshots: OUT-menu.png (the menu on the title), OUT.png (the draft opened).
//
// usage: node draft.js --vsix EXT.vsix --folder DIR --server BIN [--screenshot OUT.png]
//          [--prefix DIR] [--timeout SECONDS]
// The folder must hold 2023.txt and no 2024.txt. Prints JSON lines; exit 0 when every check
// passed.
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
for (const k of ['vsix', 'folder', 'server']) {
  if (!args[k]) { console.error(`draft.js: --${k} is required`); process.exit(2); }
}
args.timeout = Number(args.timeout);
const prefix = args.prefix || path.join(process.env.LSP_CLIENTS_HOME || path.join(os.homedir(), '.cache', 'lsp-clients'), 'code-server');
const server = path.resolve(args.server);
const source = path.resolve(args.folder, '2023.txt');
const target = path.resolve(args.folder, '2024.txt');
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
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'editor.wordWrap': 'on',
    'editor.lightbulb.enabled': 'on',
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

const tabOf = (page, name) => page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);

/** The browser on the folder with 2023.txt open and focused. */
async function openReport(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(args.timeout * 1000);
  await page.goto(`${base}/?folder=${encodeURIComponent(args.folder)}`);
  await page.waitForSelector('.monaco-workbench .part.sidebar');
  const tab = tabOf(page, '2023.txt');
  for (let i = 0; i < 10 && !(await tab.count()); i++) {
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill('2023.txt');
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

/** The code action menu on the title line: the draft's entry, chosen. */
async function chooseDraft(page) {
  await gotoPos(page, '1:4');
  // in the gutter (VS Code 1.9x: a glyph-margin codicon), or as the older floating widget
  const bulb = page.locator('.monaco-editor [class*="codicon-gutter-lightbulb"], .monaco-editor .lightBulbWidget');
  const shown = () => bulb.evaluateAll((els) => els.some((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  }));
  const lit = await until(shown, 20000);
  check('a lightbulb on the title line', lit);
  const menu = page.locator('.action-widget .monaco-list-row.action, .context-view .action-widget .monaco-list-row');
  const entry = menu.filter({ hasText: '起草下一年度报告（2024）' });
  for (let attempt = 0; attempt < 6 && !(await entry.count()); attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    await entry.first().waitFor({ timeout: 4000 }).catch(() => {});
  }
  const items = (await menu.allInnerTexts()).map((s) => s.trim());
  emit({ event: 'code_actions', at: '1:4', items });
  if (!check('the menu offers 起草下一年度报告（2024）', (await entry.count()) === 1, items)) return false;
  if (shot) await page.screenshot({ path: shotAs('-menu') });
  // chosen with the keyboard, as the menu is used (a click races its fade-in)
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < items.length && !(await focused.innerText().catch(() => '')).includes('起草下一年度报告'); i++) {
    await page.keyboard.press('ArrowDown');
    await sleep(150);
  }
  await page.keyboard.press('Enter');
  return true;
}

async function draftOpened(page, expected, original) {
  const tab = tabOf(page, '2024.txt');
  const opened = await until(async () => (await tab.count()) > 0
    && ((await tab.first().getAttribute('aria-selected')) === 'true'
      || (await tab.first().getAttribute('class') || '').includes('active')), 20000);
  check('the draft 2024.txt opens in the active tab (window/showDocument)', opened);
  check('2024.txt was created on disk (CreateFile)', fs.existsSync(target));
  const firstLine = page.locator('.editor-instance .monaco-editor .view-line').first();
  await until(async () => (await firstLine.innerText()).includes('2024年'), 10000);
  check('its title reads 2024', (await firstLine.innerText()).includes('青禾县云岭镇人民政府2024年'), await firstLine.innerText());
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+S');
  const saved = await until(() => fs.existsSync(target) && fs.readFileSync(target, 'utf8') === expected, 15000);
  check('saved: 2024.txt is what `nianbao new` writes', saved,
    fs.existsSync(target) ? fs.readFileSync(target, 'utf8').split('\n').slice(0, 2) : null);
  const squiggles = (kind) => page.locator(`.editor-instance .monaco-editor .squiggly-${kind}`).count();
  const info = await until(async () => (await squiggles('info')) > 0, 20000);
  check('information squiggles on the 【待更新：…】 markers', info, await squiggles('info'));
  const bad = (await squiggles('error')) + (await squiggles('warning'));
  check('no error or warning squiggle in the draft', bad === 0, bad);
  if (shot) await page.screenshot({ path: shot });
  check('2023.txt is unchanged', fs.readFileSync(source, 'utf8') === original);
}

async function main() {
  const { chromium } = createRequire(path.join(prefix, 'package.json'))('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cs-draft-'));
  if (fs.existsSync(target)) throw new Error(`${target} exists`);
  const original = fs.readFileSync(source, 'utf8');
  const expected = execFileSync(server, ['new', '--from', source, '-o', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
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
    if (await chooseDraft(page)) await draftOpened(page, expected, original);
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
  console.log(`vscode-draft: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { emit({ event: 'error', message: String(e && e.stack || e) }); process.exit(1); });
