#!/usr/bin/env node
// Authoring in VS Code (code-server from install-code-server.sh, headless Debian Chromium,
// playwright-core), the extension's .vsix with the server given by nianbao.server.path:
//   1. code lenses: "2 处不平 — 全部修正" above table 三 (line 26), "1 处不平 — 无可确定的修正"
//      above table 四 (line 55);
//   2. completion (Ctrl+Space) right after the wrong total 13 (41:54): the first suggestion is
//      the sum 12 with its formula; Enter writes it; the file is saved and read back; undone;
//   3. a click on the lens of 三 (`nianbao.fixTable`, run by the server through
//      workspace/applyEdit) fixes the table: saved file = the original with 13 -> 12 only, and
//      the lens turns "平衡 ✓（39 项勾稽关系）";
//   4. the empty table 四: nofour.txt, written into --folder = examples/clean.txt without table
//      四's rows (a blank line under its heading, line 55), opened; Ctrl+Space on that line, the
//      suggestion 四、…（20XX年格式空表） chosen and accepted; the saved file holds the table's
//      header rows (行政复议, 行政诉讼) and its row of 15 empty cells.
// Screenshots: OUT-completion.png (the suggestion with its formula), OUT-lens.png (the lenses),
// OUT.png (after the lens ran), OUT-table4.png (the suggestion of the empty table 四),
// OUT-table4-inserted.png (the table inserted).
//
// usage: node authoring.js --vsix EXT.vsix --folder DIR --file REL --server BIN
//          [--screenshot OUT.png] [--prefix DIR] [--timeout SECONDS]
// Prints JSON lines; exit 0 when every check passed.
'use strict';
const fs = require('fs');
const path = require('path');
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

// examples/clean.txt without table 四's rows (lines 55-58): a blank line under its heading
const NOFOUR = 'nofour.txt';
const HEADING4 = '四、政府信息公开行政复议、行政诉讼情况';
function writeNoFour() {
  const lines = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'clean.txt'), 'utf8').split('\n');
  if (lines[53] !== HEADING4) throw new Error(`examples/clean.txt line 54 is not ${HEADING4}: ${lines[53]}`);
  const text = [...lines.slice(0, 54), '', ...lines.slice(58)].join('\n');
  fs.writeFileSync(path.join(args.folder, NOFOUR), text);
  return text;
}

async function emptyTableFour(page, before) {
  const file = path.join(args.folder, NOFOUR);
  const tab = page.locator(`.tabs-container .tab[data-resource-name="${NOFOUR}"]`);
  for (let i = 0; i < 5 && !(await tab.count()); i++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(NOFOUR);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10000 }).catch(() => {});
    await sleep(300);
    await page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 5000 }).catch(() => {});
  }
  check('nofour.txt (clean.txt without table 四) opened', (await tab.count()) > 0);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await sleep(1000); // the server's first analysis
  await gotoPos(page, '55:1');
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  const wanted = /四、政府信息公开行政复议、行政诉讼情况（\d+年格式空表）/;
  let texts = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Control+Space');
    await rows.first().waitFor({ timeout: 5000 }).catch(() => {});
    texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    if (texts.some((t) => wanted.test(t))) break;
    await page.keyboard.press('Escape');
    await sleep(500);
  }
  emit({ event: 'suggestions', at: 'nofour 55:1', rows: texts });
  const idx = texts.findIndex((t) => wanted.test(t));
  check('Ctrl+Space on the blank line under 四: the empty table 四 is suggested', idx >= 0, texts);
  if (idx < 0) return;
  for (let i = 0; i < idx; i++) await page.keyboard.press('ArrowDown');
  await sleep(200);
  const focused = (await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row.focused').allInnerTexts())
    .map((t) => t.replace(/\s+/g, ' ').trim());
  check('...chosen (the focused suggestion)', focused.length === 1 && wanted.test(focused[0]), focused);
  if (shot) await page.screenshot({ path: shotAs('-table4') });
  await page.keyboard.press('Enter');
  await sleep(500);
  await page.keyboard.press('Escape'); // leave the snippet's placeholders
  await page.keyboard.press('Control+S');
  await until(() => fs.readFileSync(file, 'utf8') !== before, 15000);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const at = lines.indexOf(HEADING4);
  const table = lines.slice(at + 1, at + 6);
  emit({ event: 'inserted', lines: table });
  check('saved: the header row 行政复议 | 行政诉讼 under the heading of 四', /^行政复议 \| 行政诉讼/.test(table[0] || ''), table);
  check('saved: the header rows with 未经复议直接起诉 and 复议后起诉',
    (table[1] || '').includes('未经复议直接起诉') && (table[1] || '').includes('复议后起诉') && (table[2] || '').startsWith('结果维持'), table);
  check('saved: the row of 15 empty cells', /^[\s|]*$/.test(table[3] || 'x') && ((table[3] || '').match(/\|/g) || []).length === 15, table[3]);
  check('saved: nothing else changed (the rest of the file as before)',
    lines.slice(0, at + 1).join('\n') === before.split('\n').slice(0, at + 1).join('\n')
      && text.endsWith(before.split('\n').slice(at + 1).join('\n')), null);
  const visible = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  check('the editor shows the inserted header row 行政复议 | 行政诉讼', visible.includes('行政复议 | 行政诉讼'), null);
  if (shot) await page.screenshot({ path: shotAs('-table4-inserted') });
}

let noFour = '';
lib.main(() => t.run('vscode-authoring', 'nianbao-cs-authoring-', async (page) => {
  const original = fs.readFileSync(absFile, 'utf8');
  await lenses(page);
  await completion(page, original);
  await runLens(page, original);
  await emptyTableFour(page, noFour);
}, { prepare: () => { noFour = writeNoFour(); } }));

