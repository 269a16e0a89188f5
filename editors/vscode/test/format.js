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
const { execFileSync } = require('child_process');
const lib = require('./lib');

const t = lib.harness('format.js', { required: ['vsix', 'folder', 'file', 'server'] });
const { server, absFile, shot, shotAs, check, emit, sleep, until, gotoPos, saved } = t;
const args = t.args;

// the first line where `a` and `b` differ, for the report
function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, got: la[i], want: lb[i] };
  }
  return null;
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

// a wider window; a CJK character exactly two Latin columns wide (Debian's fonts-wqy-zenhei: 6
// and 12 px at 12 px; Micro Hei Mono's Latin is 0.6 em), so the screenshot shows the columns as
// an editor with a CJK monospace font does. Without it the file is still checked, byte for byte
const settings = {
  'editor.fontSize': 12, 'editor.lineHeight': 17,
  'editor.fontFamily': "'WenQuanYi Zen Hei Mono', monospace",
  'editor.wordWrap': 'off', 'editor.stickyScroll.enabled': false, 'editor.codeLens': false, 'editor.inlayHints.enabled': 'off',
};
let original;
let expected;
lib.main(() => t.run('vscode-format', 'nianbao-cs-format-', async (page) => {
  const formatted = await formatDocument(page, original, expected);
  await formatSelection(page, original, expected, formatted);
}, {
  settings,
  viewport: { width: 1400, height: 900 },
  begin() {
    original = fs.readFileSync(absFile, 'utf8');
    expected = execFileSync(server, ['fmt', '-'], { input: original, encoding: 'utf8' });
    check('the copy is misaligned (`nianbao fmt` would change it)', expected !== original);
  },
}));

