#!/usr/bin/env node
// What ../shared/clients/code-server-smoke.js does not cover, in the same setting (code-server
// from install-code-server.sh, headless Debian Chromium, playwright-core):
//   1. the status bar item shows the number of findings of the active file, and a click on it
//      opens the Problems view;
//   2. the server is restarted after a crash: the `nianbao lsp` process is killed (SIGKILL), a
//      new one must appear and serve (findings come back);
//   3. the command "nianbao: Fix all totals in this file" (source.fixAll.nianbao), run from the
//      command palette under its localized title, fixes the total; the file is saved and read
//      back from disk;
//   1b. the rule pages: the code of a finding is a link to the page shipped in the .vsix
//      (`rules/NB101.md`, via the `ruleDocs` setting the extension gives the server); a click on
//      it in Problems, then in the hover, opens the page in an editor tab;
//   4. the Settings UI lists the extension's settings; `nianbao.server.path` set there to a
//      missing file -> a notification saying how to install the server; emptied -> the server
//      bundled in the .vsix is started (its executable bit, removed after the install, is
//      restored by the extension), findings come back; with the bundled server taken away and
//      the server restarted -> `nianbao` found on PATH (the server's folder is put on
//      code-server's PATH).
//
// usage: node extra.js --vsix EXT.vsix --folder DIR --file REL --server BIN
//          [--locale en|zh-cn] [--screenshot OUT.png] [--prefix DIR] [--timeout SECONDS]
// Prints JSON lines; exit 0 when every check passed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const lib = require('./lib');
const { freePort, httpOk } = lib;

// zh-cn needs the Chinese language pack (marketplace only): not here
const t = lib.harness('extra.js', { required: ['vsix', 'folder', 'file', 'server'], defaults: { locale: 'en' } });
const { args, prefix, server, absFile, check, emit, sleep, until } = t;
const TITLES = {
  en: 'nianbao: Fix all totals in this file',
  'zh-cn': 'nianbao: 修正本文件中的全部总计',
};

// pids of `BIN lsp` processes in code-server's process group (BIN: --server by default)
function serverPids(pgid, bin = server) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0] !== bin || cmd[1] !== 'lsp') continue;
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // zombie
      if (Number(fields[2]) === pgid) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

async function main() {
  const csBin = path.join(prefix, 'node_modules', '.bin', 'code-server');
  const { chromium } = t.playwright();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cs-'));
  const ud = path.join(tmp, 'user-data');
  const ext = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', ext];
  execFileSync(csBin, [...common, '--install-extension', path.resolve(args.vsix), '--force'], { stdio: 'ignore' });
  // the server bundled in the .vsix, made non-executable (as an unzip that drops modes would
  // leave it): the extension must restore the bit before it starts it (step 4)
  const installed = fs.readdirSync(ext).filter((d) => d.startsWith('nianbao.nianbao-'));
  const bundled = installed.length === 1 ? path.join(ext, installed[0], 'server', 'nianbao') : '';
  check('the .vsix installs a bundled server (server/nianbao)', bundled && fs.existsSync(bundled), installed);
  if (bundled && fs.existsSync(bundled)) fs.chmodSync(bundled, 0o644);
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
    'editor.fontSize': 13,
    'editor.lineHeight': 16,
    'breadcrumbs.enabled': false,
  };
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // nianbao.server.path is machine-overridable: in a remote window (code-server is one) it is
  // read from the remote machine's settings, which the Settings UI edits under its Remote tab
  // (step 4). Only there: a User value would still apply once the Remote one is emptied.
  fs.mkdirSync(path.join(ud, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'Machine', 'settings.json'), JSON.stringify({ 'nianbao.server.path': server }, null, 2));
  const port = await freePort();
  const logFile = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const cs = spawn(csBin, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', '--locale', args.locale, args.folder],
  { detached: true, stdio: ['ignore', logFd, logFd],
    // VSCODE_CLI=1: the extension host gets this PATH as is. Without it, VS Code's server
    // replaces PATH with the one of a login shell (`$SHELL -i -l`), and the server's folder
    // would not be on it: the PATH check of step 4 would test nothing.
    env: { ...process.env, VSCODE_CLI: '1', PATH: `${path.dirname(server)}${path.delimiter}${process.env.PATH}` } });
  let browser;
  let page;
  try {
    const base = `http://127.0.0.1:${port}`;
    if (!(await until(() => httpOk(`${base}/healthz`), 30000, 250))) throw new Error('code-server did not start');
    browser = await t.launch(chromium);
    // the folder, the file opened with Quick Open
    page = await t.openFile(browser, base, args.file);
    const tab = page.locator(`.tabs-container .tab[data-resource-name="${path.basename(absFile)}"]`);

    // 1. status bar
    const status = page.locator('.statusbar-item', { hasText: 'nianbao' });
    const statusText = async () => ((await status.count()) ? (await status.first().innerText()).trim() : '');
    const three = await until(async () => /nianbao: 3$/.test(await statusText()), args.timeout * 1000);
    check('status bar shows 3 findings', three, await statusText());
    await status.first().click();
    const problems = page.locator('.markers-panel .monaco-list-row');
    const rows = await until(async () => (await problems.count()) >= 3, 10000);
    check('clicking the status item opens Problems with the findings', rows, await problems.count());
    const shot = args.screenshot;
    if (shot) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot.replace(/\.png$/i, '') + '-problems.png' });
    }

    // 1b. the rule pages: the finding's code links to the page shipped in the extension
    const openedPage = async (code) => {
      const docTab = page.locator(`.tabs-container .tab[data-resource-name="${code}.md"]`);
      const opened = await docTab.first().waitFor({ timeout: 15000 }).then(() => true, () => false);
      if (!opened) return { opened, text: '' };
      const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      const heading = `# ${code} `;
      await until(async () => (await lines.innerText().catch(() => '')).includes(heading), 10000);
      return { opened, text: (await lines.innerText().catch(() => '')).replace(/\u00a0/g, ' ') };
    };
    const codeLink = page.locator('.markers-panel a.monaco-link', { has: page.locator('.marker-code', { hasText: 'NB101' }) });
    const hasLink = await codeLink.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
    check('Problems: the code NB101 is a link to the page shipped in the extension (rules/NB101.md)',
      hasLink && /\/rules\/NB101\.md$/.test(await codeLink.first().getAttribute('href')),
      hasLink ? await codeLink.first().getAttribute('href') : await problems.first().innerText().catch(() => ''));
    if (hasLink) {
      await codeLink.first().click();
      const { opened, text } = await openedPage('NB101');
      check('Problems: a click on NB101 opens NB101.md with the rule\'s page', opened
        && text.includes('# NB101 第三部分：行的总计与各类申请人之和不一致') && text.includes('检查什么'), text.slice(0, 120));
      if (shot) await page.screenshot({ path: shot.replace(/\.png$/i, '') + '-rule.png' });
    }
    await tab.click();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    // ... and from the hover of 41:52 (NB101 and NB102 there): NB102's link
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type('41:52');
    await sleep(300);
    await page.keyboard.press('Enter');
    await sleep(300);
    const hoverLink = page.locator('.monaco-hover-content:visible a.code-link', { hasText: 'NB102' });
    for (let attempt = 0; attempt < 5 && !(await hoverLink.count()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hoverLink.first().waitFor({ timeout: 4000 }).catch(() => {});
    }
    const inHover = (await hoverLink.count()) > 0;
    check('hover: the code NB102 is a link', inHover, inHover ? await hoverLink.first().getAttribute('href') : undefined);
    if (inHover) {
      await hoverLink.first().click();
      const { opened, text } = await openedPage('NB102');
      check('hover: a click on NB102 opens NB102.md with the rule\'s page', opened && text.includes('# NB102 '), text.slice(0, 120));
    }
    await tab.click();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();

    // 2. crash -> restart
    const before = serverPids(cs.pid);
    check('one server process before the crash', before.length === 1, before);
    if (before.length) {
      process.kill(before[0], 'SIGKILL');
      emit({ event: 'killed', pid: before[0] });
      const after = await until(() => {
        const p = serverPids(cs.pid).filter((x) => !before.includes(x));
        return p.length ? p : null;
      }, 20000);
      check('a new server process after the crash', !!after, after);
      await sleep(1500); // the old list may still show until the new server has published
      const back = await until(async () => /nianbao: 3$/.test(await statusText()), 20000);
      check('findings back after the restart', back, await statusText());
    }

    // 3. the fix-all command from the palette, by its localized title
    const original = fs.readFileSync(absFile, 'utf8');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await page.keyboard.type(TITLES[args.locale] || TITLES.en);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: TITLES[args.locale] || TITLES.en });
    const found = await row.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
    check(`command palette lists "${TITLES[args.locale] || TITLES.en}"`, found,
      found ? undefined : await page.locator('.quick-input-list').innerText().catch(() => ''));
    if (shot) await page.screenshot({ path: shot.replace(/\.png$/i, '') + '-command.png' });
    if (found) {
      await page.keyboard.press('Enter');
      await sleep(800);
      await page.keyboard.press('Control+S');
      const changed = await until(() => fs.readFileSync(absFile, 'utf8') !== original, 15000);
      const text = fs.readFileSync(absFile, 'utf8');
      const expected = original.replace('| 1 | 13 |', '| 1 | 12 |');
      check('fix-all command wrote the total 12 (and nothing else changed)', changed && text === expected,
        text.split('\n')[40]);
      const one = await until(async () => /nianbao: 1$/.test(await statusText()), 15000);
      check('status bar shows 1 finding after the fix (NB201, suggested fixes only)', one, await statusText());
    }
    if (shot) await page.screenshot({ path: shot });

    // 4. the Settings UI: the server's settings are there; the binary: a wrong path, then PATH
    await page.keyboard.press('Control+,');
    const settingsEditor = page.locator('.settings-editor');
    await settingsEditor.waitFor({ timeout: 15000 });
    await sleep(500);
    await settingsEditor.locator('.settings-header .suggest-input-container').first().click();
    await page.keyboard.type('@ext:nianbao.nianbao');
    const labels = page.locator('.settings-editor .settings-body .setting-item .setting-item-label');
    await until(async () => (await labels.allInnerTexts()).some((t) => t.includes('Disabled Checks')), 15000);
    const seen = (await labels.allInnerTexts()).map((t) => t.trim());
    check('Settings UI (User) lists Disabled Checks and Severity Overrides',
      ['Disabled Checks', 'Severity Overrides'].every((l) => seen.includes(l)), seen);
    if (shot) await page.screenshot({ path: shot.replace(/\.png$/i, '') + '-settings.png' });
    // nianbao.server.path is machine-overridable: in a remote window (code-server is one) the
    // Settings UI shows it under the Remote tab
    await settingsEditor.locator('.settings-tabs-widget .action-label', { hasText: 'Remote' }).first().click();
    const pathItem = page.locator('.settings-editor .setting-item', { has: page.locator('.setting-item-label', { hasText: /^Path$/ }) });
    const hasPath = await pathItem.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
    check('Settings UI (Remote) lists Server: Path', hasPath, (await labels.allInnerTexts()).map((t) => t.trim()));
    const pathInput = pathItem.locator('input').first();
    const setPath = async (value) => {
      await pathInput.click();
      await pathInput.fill(value);
      await page.keyboard.press('Tab');
    };
    const initial = await pathInput.inputValue().catch(() => '');
    check('Settings UI (Remote) shows the server path the test set (the only nianbao.server.path)', initial === server, initial);
    await setPath('/nonexistent/nianbao');
    const toast = page.locator('.notification-toast', { hasText: 'cargo install --path .' });
    const shown = await toast.first().waitFor({ timeout: 20000 }).then(() => true, () => false);
    check('wrong nianbao.server.path: a notification says how to install the server', shown,
      shown ? (await toast.first().locator('.notification-list-item-message').innerText()) : undefined);
    const gone = await until(async () => serverPids(cs.pid).length === 0, 10000);
    check('...and the old server was stopped', gone, serverPids(cs.pid));
    if (shot) await page.screenshot({ path: shot.replace(/\.png$/i, '') + '-missing.png' });
    await setPath('');
    const fromVsix = await until(async () => serverPids(cs.pid, bundled).length === 1, 20000);
    check('empty nianbao.server.path: the server bundled in the .vsix is started', fromVsix,
      { bundled: serverPids(cs.pid, bundled), onPath: serverPids(cs.pid) });
    const mode = bundled && fs.existsSync(bundled) ? fs.statSync(bundled).mode & 0o777 : 0;
    check('...after the extension made it executable again', mode === 0o755, mode.toString(8));
    await tab.click(); // back to the report: the status item follows the active editor
    const again = await until(async () => /nianbao: 1$/.test(await statusText()), 20000);
    check('findings shown again', again, await statusText());
    // no bundled server (as in a .vsix without one): `nianbao` on PATH
    if (bundled && fs.existsSync(bundled)) fs.renameSync(bundled, `${bundled}.away`);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type('nianbao: Restart the language server');
    const restart = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart the language server' });
    await restart.first().waitFor({ timeout: 10000 }).catch(() => {});
    await sleep(300);
    await page.keyboard.press('Enter');
    const onPath = await until(async () => serverPids(cs.pid).length === 1 && serverPids(cs.pid, bundled).length === 0, 20000);
    check('no bundled server: `nianbao` found on PATH and started', onPath, serverPids(cs.pid));
    await tab.click();
    const back = await until(async () => /nianbao: 1$/.test(await statusText()), 20000);
    check('findings shown again (server from PATH)', back, await statusText());
  } catch (err) {
    t.counts.failed++;
    emit({ event: 'error', message: String(err && err.stack || err) });
    if (page && args.screenshot) await page.screenshot({ path: args.screenshot.replace(/\.png$/i, '') + '-failure.png' }).catch(() => {});
    try { console.error(fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')); } catch { /* none */ }
  } finally {
    const exthost = [];
    const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/nianbao|exthost/i.test(p) && p.endsWith('.log')) exthost.push(p); } };
    try { walk(path.join(ud, 'logs')); } catch { /* none */ }
    for (const f of exthost) {
      if (/nianbao/i.test(path.basename(f))) emit({ event: 'output_channel', file: path.basename(f), tail: fs.readFileSync(f, 'utf8').split('\n').filter((l) => /state|closed|restart|starting/.test(l)).slice(-8) });
    }
    if (browser) await browser.close().catch(() => {});
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
    await sleep(500);
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  t.finish('vscode-extra');
}

lib.main(main);
