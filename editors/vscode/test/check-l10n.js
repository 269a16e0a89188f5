#!/usr/bin/env node
// Static checks of the extension's strings, English and Chinese (no editor needed):
// every %key% of package.json is in package.nls.json and package.nls.zh-cn.json (same keys),
// and every vscode.l10n.t('...') string of src/ has a translation in l10n/bundle.l10n.zh-cn.json.
// (A browser test of the Chinese UI needs VS Code's Chinese language pack, which comes from
// the marketplace only: not installable here.)
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
let failed = 0;
let passed = 0;
const check = (name, ok, detail) => {
  if (ok) passed++; else failed++;
  console.log(JSON.stringify({ event: 'check', name, ok: !!ok, detail }));
};
const pkg = read('package.json');
const used = new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
const en = JSON.parse(read('package.nls.json'));
const zh = JSON.parse(read('package.nls.zh-cn.json'));
const missing = (keys, obj) => [...keys].filter((k) => !(k in obj));
check('package.json %keys% all in package.nls.json', missing(used, en).length === 0, missing(used, en));
check('package.nls.zh-cn.json has the same keys', JSON.stringify(Object.keys(en).sort()) === JSON.stringify(Object.keys(zh).sort()));
check('zh-cn manifest strings are Chinese', Object.values(zh).every((s) => /[\u4e00-\u9fff]/.test(s)));
const src = fs.readdirSync(path.join(root, 'src')).map((f) => read(path.join('src', f))).join('\n');
const strings = [...src.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json'));
check(`runtime strings (${strings.length}) all translated`, strings.length > 0 && strings.every((s) => s in bundle),
  strings.filter((s) => !(s in bundle)));
check('no stale translations', Object.keys(bundle).every((k) => strings.includes(k)));
console.log(`vscode-l10n: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
