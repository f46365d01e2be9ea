//! `guomen audit verify` on a real data directory: exit 0 while the chain is intact, exit 1 naming the first
//! broken record once a row is altered or removed behind the application's back (the append-only triggers
//! dropped first, as an attacker with file access could).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sqlx::Connection;

fn guomen(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("GUOMEN_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn tamper(db: &Path, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(&mut c).await.unwrap();
        c.close().await.unwrap();
    });
}

#[test]
fn audit_verify_exits_1_naming_the_first_broken_record() {
    let dir = std::env::temp_dir().join(format!("guomen-audit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (i, role) in ["admin", "supervisor", "officer", "analyst"].iter().enumerate() {
        let name = format!("user{i}");
        let mut args = vec!["user", "add", "--username", name.as_str(), "--role", role, "--password-stdin"];
        if *role == "officer" {
            args.extend(["--port", "PVG"]);
        }
        let o = guomen(&dir, &args, "a-long-synthetic-password-2026\n");
        assert!(o.status.success(), "user add: {}", String::from_utf8_lossy(&o.stderr));
    }
    let ok = guomen(&dir, &["audit", "verify"], "");
    assert_eq!(ok.status.code(), Some(0), "intact chain: {}", String::from_utf8_lossy(&ok.stdout));

    let db = dir.join("guomen.db");
    tamper(
        &db,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET subject = 'user:forged' WHERE seq = 2;",
    );
    let broken = guomen(&dir, &["audit", "verify"], "");
    let out = String::from_utf8_lossy(&broken.stdout);
    assert_eq!(broken.status.code(), Some(1), "altered record: {out}");
    assert!(out.contains("audit record 2"), "names the altered record: {out}");

    tamper(&db, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1;");
    let removed = guomen(&dir, &["audit", "verify"], "");
    let out = String::from_utf8_lossy(&removed.stdout);
    assert_eq!(removed.status.code(), Some(1), "removed record: {out}");
    assert!(out.contains("audit record 1") || out.contains("audit record 2"), "names a record: {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
