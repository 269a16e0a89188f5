//! Names the build in `nianbao --version`: the crate's version, and the git commit and its date
//! when the crate is built from its own git checkout (`0.1.0 (a7a78d9 2026-12-04)`). A build from
//! a packaged crate, or from a checkout nested in another repository, says only the version.
//! `NIANBAO_COMMIT` set in the environment overrides what git says (release builds without `.git`).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=NIANBAO_COMMIT");
    let version = env!("CARGO_PKG_VERSION");
    let commit = std::env::var("NIANBAO_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit);
    let full = match commit {
        Some(c) => format!("{version} ({})", c.trim()),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=NIANBAO_VERSION={full}");
}

/// `<short hash> <commit date>` of HEAD, if this crate's folder is the top of a git work tree.
fn git_commit() -> Option<String> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let top = git(&manifest, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&manifest).canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself (a branch switch) and the branch's ref (a commit).
    for name in ["HEAD", "packed-refs"] {
        rerun_if_exists(
            git(&manifest, &["rev-parse", "--git-path", name]),
            &manifest,
        );
    }
    if let Some(branch) = git(&manifest, &["symbolic-ref", "-q", "HEAD"]) {
        rerun_if_exists(
            git(&manifest, &["rev-parse", "--git-path", &branch]),
            &manifest,
        );
    }
    git(&manifest, &["log", "-1", "--format=%h %cs"])
}

fn rerun_if_exists(path: Option<String>, dir: &str) {
    if let Some(p) = path {
        let p = Path::new(dir).join(p);
        if p.exists() {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }
}

fn git(dir: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!s.is_empty()).then_some(s)
}
