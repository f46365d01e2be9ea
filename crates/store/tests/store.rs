//! Runs the storage conformance suite on every backend available here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use store::Location;
use store::conformance::{self, Failure};

fn report(backend: &str, failures: &[Failure]) {
    for f in failures {
        eprintln!("[{backend}] FAILED {}: {}", f.check, f.message);
    }
    assert!(
        failures.is_empty(),
        "{} of {} conformance checks failed on {backend}",
        failures.len(),
        conformance::CHECKS.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_sqlite() {
    let dir = std::env::temp_dir().join(format!("guomen-store-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut n = 0;
    let failures = conformance::run(|| {
        n += 1;
        let path = dir.join(format!("db{n}/guomen.db"));
        async move { Location::Sqlite(path) }
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    report("sqlite", &failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_postgres() {
    let Ok(admin_url) = std::env::var("GUOMEN_TEST_POSTGRES") else {
        eprintln!(
            "SKIPPED: PostgreSQL conformance (set GUOMEN_TEST_POSTGRES=postgres://user@host/db to run it)"
        );
        return;
    };
    // Creating and dropping databases is the slow part on PostgreSQL: do them concurrently.
    let creates: Vec<_> = conformance::CHECKS
        .iter()
        .map(|_| {
            let url = admin_url.clone();
            tokio::spawn(async move {
                store::postgres::TestDatabase::create(&url).await.expect("create test database")
            })
        })
        .collect();
    let mut dbs = Vec::new();
    for c in creates {
        dbs.push(c.await.expect("create task"));
    }
    let urls: Vec<String> = dbs.iter().map(|d| d.url.clone()).collect();
    let mut it = urls.into_iter();
    let failures = conformance::run(|| {
        let url = it.next().unwrap_or_default();
        async move { Location::Postgres(url) }
    })
    .await;
    let drops: Vec<_> = dbs.into_iter().map(|db| tokio::spawn(db.drop_database())).collect();
    for d in drops {
        d.await.expect("drop task").expect("drop test database");
    }
    report("postgres", &failures);
}
