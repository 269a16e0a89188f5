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
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

const t = lib.harness('draft.js', { required: ['vsix', 'folder', 'server'] });
const { server, shot, shotAs, check, emit, sleep, until, gotoPos } = t;
const source = path.resolve(t.args.folder, '2023.txt');
const target = path.resolve(t.args.folder, '2024.txt');

const tabOf = (page, name) => page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);

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

let original;
let expected;
lib.main(() => t.run('vscode-draft', 'nianbao-cs-draft-', async (page) => {
  if (await chooseDraft(page)) await draftOpened(page, expected, original);
}, {
  file: '2023.txt',
  settings: { 'editor.wordWrap': 'on', 'editor.lightbulb.enabled': 'on' },
  prepare() {
    if (fs.existsSync(target)) throw new Error(`${target} exists`);
    original = fs.readFileSync(source, 'utf8');
    expected = execFileSync(server, ['new', '--from', source, '-o', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  },
}));

