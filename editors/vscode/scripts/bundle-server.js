#!/usr/bin/env node
// Puts the language server and the rule pages into the extension, then packages a platform
// .vsix (one file to install: the extension finds its own server).
//
// usage: node scripts/bundle-server.js [--no-package]
//   (`npm run package` runs it after `tsc`; `npm run bundle-server` = --no-package)
//
// 1. server/nianbao (server/nianbao.exe on Windows): `cargo build --release --bin nianbao
//    [--target $NIANBAO_TARGET]` in the repository root, copied, mode 755; a Linux server's
//    symbols are stripped when a `strip` is at hand (11 -> 8 MB; best effort, NIANBAO_STRIP=0
//    keeps them; not on macOS, where stripping would break the binary's ad-hoc signature);
// 2. rules/NB*.md: the rule pages, each the text `nianbao explain NB101` prints (asked of the
//    server built for this machine);
// 3. dist/nianbao-<vsce target>-<version>.vsix: `vsce package --target <vsce target>`.
//
// env:
//   NIANBAO_TARGET      Rust target triple to build for (default: this machine). Mapped to the
//                       VS Code platform of the .vsix:
//                         x86_64-unknown-linux-gnu   linux-x64
//                         aarch64-unknown-linux-gnu  linux-arm64
//                         x86_64-apple-darwin        darwin-x64
//                         aarch64-apple-darwin       darwin-arm64
//                         x86_64-pc-windows-msvc     win32-x64
//   NIANBAO_VSCE_TARGET the VS Code platform, when NIANBAO_TARGET is not one of those
//   NIANBAO_SERVER_BIN  a server binary already built for that target: copied, no cargo build
//   CARGO_TARGET_DIR    cargo's output (default <repo>/target), as for cargo itself
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ext = path.resolve(__dirname, '..');
const root = path.resolve(ext, '..', '..');

const TARGETS = {
  'x86_64-unknown-linux-gnu': 'linux-x64',
  'aarch64-unknown-linux-gnu': 'linux-arm64',
  'x86_64-apple-darwin': 'darwin-x64',
  'aarch64-apple-darwin': 'darwin-arm64',
  'x86_64-pc-windows-msvc': 'win32-x64',
};

const die = (msg) => {
  console.error(`ERROR [bundle-server]: ${msg}`);
  process.exit(1);
};

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) die(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${cmd} exited with ${r.status}`);
}

/** The Rust target triple of this machine (`rustc -vV`, line `host: ...`). */
function hostTriple() {
  const r = spawnSync('rustc', ['-vV'], { encoding: 'utf8' });
  const m = r.status === 0 && /^host: (\S+)$/m.exec(r.stdout);
  if (!m) die(`cannot ask rustc for the host target (${r.error ? r.error.message : r.stderr})`);
  return m[1];
}

/** The VS Code platform of `process` (for NIANBAO_SERVER_BIN without NIANBAO_TARGET). */
function hostVsceTarget() {
  return `${process.platform}-${process.arch}`;
}

function serverBinary(triple, windows) {
  const given = process.env.NIANBAO_SERVER_BIN;
  if (given) {
    if (!fs.existsSync(given)) die(`NIANBAO_SERVER_BIN=${given}: no such file`);
    return path.resolve(given);
  }
  const args = ['build', '--release', '--bin', 'nianbao', '--manifest-path', path.join(root, 'Cargo.toml')];
  const cross = !!process.env.NIANBAO_TARGET;
  if (cross) args.push('--target', triple);
  run('cargo', args, { cwd: root });
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const bin = path.join(targetDir, ...(cross ? [triple] : []), 'release', windows ? 'nianbao.exe' : 'nianbao');
  if (!fs.existsSync(bin)) die(`cargo built no ${bin}`);
  return bin;
}

function copyServer(bin, windows, vsceTarget) {
  const dir = path.join(ext, 'server');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, windows ? 'nianbao.exe' : 'nianbao');
  fs.copyFileSync(bin, dest);
  fs.chmodSync(dest, 0o755);
  if (/^(linux|alpine)-/.test(vsceTarget) && process.env.NIANBAO_STRIP !== '0') {
    const r = spawnSync('strip', [dest], { stdio: 'ignore' });
    if (r.status !== 0) console.log(`(strip ${r.error ? 'not available' : 'failed'}: the server keeps its symbols)`);
  }
  fs.chmodSync(dest, 0o755);
  console.log(`server: ${path.relative(ext, dest)} (${(fs.statSync(dest).size / 1048576).toFixed(1)} MB, from ${bin})`);
}

/**
 * rules/NB101.md = `nianbao explain NB101`, asked of the server itself (built for this machine:
 * a cross-compiled server may not run here), so the pages are the binary's own and no second
 * reader of the registry's source exists.
 */
function copyRules() {
  const explain = (...args) => {
    const r = spawnSync('cargo', ['run', '--quiet', '--release', '--bin', 'nianbao', '--', 'explain', ...args],
      { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status !== 0) die(`nianbao explain ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const codes = [...explain().matchAll(/^(NB\d{3})\s/gm)].map((m) => m[1]);
  if (codes.length === 0) die('`nianbao explain` listed no codes');
  const dir = path.join(ext, 'rules');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const code of codes) fs.writeFileSync(path.join(dir, `${code}.md`), explain(code));
  const docs = path.join(root, 'src', 'checks', 'docs');
  const missing = fs.readdirSync(docs).filter((f) => /^NB\d{3}\.md$/.test(f) && !codes.includes(f.slice(0, 5)));
  if (missing.length) die(`pages \`nianbao explain\` does not list: ${missing.join(', ')}`);
  console.log(`rules: ${codes.length} pages in rules/`);
}

function vscePackage(vsceTarget) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
  const dist = path.join(ext, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  for (const f of fs.readdirSync(dist)) {
    if (f.startsWith(`nianbao-${vsceTarget}-`) && f.endsWith('.vsix')) fs.rmSync(path.join(dist, f));
  }
  const out = path.join(dist, `nianbao-${vsceTarget}-${pkg.version}.vsix`);
  const vscePkg = require.resolve('@vscode/vsce/package.json', { paths: [ext] });
  const vsceBin = path.join(path.dirname(vscePkg), JSON.parse(fs.readFileSync(vscePkg, 'utf8')).bin.vsce);
  run(process.execPath, [vsceBin, 'package', '--skip-license', '--target', vsceTarget, '--out', out], { cwd: ext });
  console.log(`vsix: ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1048576).toFixed(1)} MB)`);
}

function main() {
  const triple = process.env.NIANBAO_TARGET || (process.env.NIANBAO_SERVER_BIN ? '' : hostTriple());
  let vsceTarget = process.env.NIANBAO_VSCE_TARGET || TARGETS[triple];
  if (!vsceTarget && !triple) vsceTarget = hostVsceTarget();
  if (!vsceTarget) {
    die(`no VS Code platform for the Rust target ${triple}: set NIANBAO_VSCE_TARGET ` +
      `(one of ${Object.values(TARGETS).join(', ')}, or another \`vsce package --target\`)`);
  }
  const windows = triple ? triple.includes('windows') : vsceTarget.startsWith('win32');
  console.log(`target: ${triple || '(prebuilt)'} -> ${vsceTarget}`);
  copyServer(serverBinary(triple, windows), windows, vsceTarget);
  copyRules();
  if (!process.argv.includes('--no-package')) vscePackage(vsceTarget);
}

main();
