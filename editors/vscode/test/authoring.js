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
const lib = require('./lib');

const t = lib.harness('authoring.js', { required: ['vsix', 'folder', 'file', 'server'] });
const { absFile, shot, shotAs, check, emit, sleep, until, gotoPos, saved } = t;
const args = t.args;

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

lib.main(() => t.run('vscode-authoring', 'nianbao-cs-authoring-', async (page) => {
  const original = fs.readFileSync(absFile, 'utf8');
  await lenses(page);
  await completion(page, original);
  await runLens(page, original);
}));

