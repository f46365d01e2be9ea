//! Repository-wide rules, checked as ordinary tests (rust-analyzer's "tidy" idea): the pure crates stay
//! pure, every source file says what it is for, module layout and lint settings are uniform, and the
//! domain model has no field for protected attributes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates that must not do IO (guide invariant 1). Crates not yet in the workspace are skipped.
const PURE: &[&str] =
    &["codes", "domain", "translit", "mrz", "names", "screening", "policy", "edifact", "paxlst", "clearance"];

/// Dependencies that mean IO: async runtimes, databases, HTTP, sockets.
const IO_CRATES: &[&str] = &[
    "tokio",
    "mio",
    "sqlx",
    "sqlx-core",
    "sqlx-sqlite",
    "sqlx-postgres",
    "axum",
    "axum-core",
    "hyper",
    "hyper-util",
    "tower",
    "tower-http",
    "reqwest",
    "async-nats",
    "socket2",
    "libsqlite3-sys",
    "rusqlite",
    "tokio-postgres",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(root())
        .output()
        .or_else(|_| {
            Command::new("cargo").args(["metadata", "--format-version", "1"]).current_dir(root()).output()
        })
        .unwrap();
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn pure_crates_have_no_io_dependencies() {
    let meta = metadata();
    let packages: BTreeMap<String, String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["name"].as_str().unwrap().to_owned()))
        .collect();
    // Normal (non-dev, non-build) dependency edges of the resolved graph.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let id = node["id"].as_str().unwrap().to_owned();
        let deps = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null()))
            .map(|d| d["pkg"].as_str().unwrap().to_owned())
            .collect();
        edges.insert(id, deps);
    }
    let members: BTreeSet<String> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect();
    let mut checked = 0;
    let mut violations = Vec::new();
    for id in &members {
        let name = &packages[id];
        if !PURE.contains(&name.as_str()) {
            continue;
        }
        checked += 1;
        let mut seen = BTreeSet::new();
        let mut stack = vec![(id.clone(), vec![name.clone()])];
        while let Some((cur, path)) = stack.pop() {
            for dep in edges.get(&cur).into_iter().flatten() {
                if !seen.insert(dep.clone()) {
                    continue;
                }
                let dep_name = &packages[dep];
                let mut p = path.clone();
                p.push(dep_name.clone());
                if IO_CRATES.contains(&dep_name.as_str()) {
                    violations.push(p.join(" -> "));
                } else {
                    stack.push((dep.clone(), p));
                }
            }
        }
    }
    assert!(checked >= 2, "no pure crates found in the workspace");
    assert!(violations.is_empty(), "pure crates reach IO crates:\n{}", violations.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !matches!(name, "target" | "fuzz" | ".git") {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_source_file_opens_with_a_doc_line_and_no_mod_rs() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    let mut bad = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        if f.file_name().is_some_and(|n| n == "mod.rs") {
            bad.push(format!("{rel}: use foo.rs + foo/ instead of mod.rs"));
        }
        let text = std::fs::read_to_string(f).unwrap();
        if !text.trim_start().starts_with("//!") {
            bad.push(format!("{rel}: the file must open with a //! line saying what it is for"));
        }
    }
    assert!(files.len() > 20, "found only {} files", files.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_crate_uses_the_workspace_lints_and_package_fields() {
    let mut bad = Vec::new();
    for e in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let manifest = e.path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        for needle in
            ["[lints]\nworkspace = true", "edition.workspace = true", "rust-version.workspace = true"]
        {
            if !text.contains(needle) {
                bad.push(format!("{}: missing `{}`", manifest.display(), needle.replace('\n', " ")));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Guide invariant 6: no field for race, ethnicity, religion, political opinion or similar exists in the
/// model, so no rule or risk profile can use one.
#[test]
fn no_protected_attribute_fields_in_the_model() {
    const WORDS: &[&str] = &[
        "race",
        "ethnicity",
        "ethnic",
        "religion",
        "religious",
        "political",
        "politics",
        "sexual_orientation",
        "trade_union",
        "health",
        "biometric_template",
        "skin",
        "caste",
        "tribe",
    ];
    let mut files = Vec::new();
    for c in ["domain", "policy", "screening", "clearance", "store"] {
        rust_files(&root().join("crates").join(c).join("src"), &mut files);
    }
    let mut migrations = Vec::new();
    for backend in ["sqlite", "postgres"] {
        if let Ok(d) = std::fs::read_dir(root().join("crates/store/migrations").join(backend)) {
            migrations.extend(d.flatten().map(|e| e.path()));
        }
    }
    let mut bad = Vec::new();
    for f in files.iter().chain(migrations.iter()) {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").split("--").next().unwrap_or("");
            // Field declarations (`pub race:`, `race TEXT`) and serde names.
            for w in WORDS {
                let decl = [format!("{w}:"), format!("{w} TEXT"), format!("{w} BIGINT"), format!("\"{w}\"")];
                if decl.iter().any(|d| {
                    code.contains(d.as_str())
                        && code.split(d.as_str()).next().is_some_and(|before| {
                            !before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                }) {
                    bad.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "protected-attribute fields found:\n{}", bad.join("\n"));
}
