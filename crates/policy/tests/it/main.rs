//! Integration tests of the policy crate: golden scenarios, rule-file validation, JSON shapes,
//! simulation, and properties. One test binary, one module per concern.

// This whole crate is test code: helpers outside `#[test]` functions may fail loudly too
// (clippy.toml allows this only inside test functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod load;
mod properties;
mod scenarios;
mod shapes;
mod simulate;

/// The shipped China rule set, loaded once per test binary.
pub fn china() -> &'static policy::RuleSet {
    static RULES: std::sync::LazyLock<policy::RuleSet> =
        std::sync::LazyLock::new(|| policy::RuleSet::china().unwrap_or_else(|e| panic!("{e}")));
    &RULES
}

/// Reads the files of a rule-set directory, sorted by name (tests may do IO; the crate does not).
pub fn read_dir(dir: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

pub fn as_pairs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}
