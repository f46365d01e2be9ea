//! Durability: kill the real server with SIGKILL while it is acknowledging inspections; after a restart
//! every acknowledged inspection is there, retrying any of them records nothing twice, and the audit chain
//! still verifies.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_guomen")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(data: &Path, port: u16) -> Child {
    let mut child = Command::new(bin())
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data")
        .arg(data)
        .env("GUOMEN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok((200, _)) = http(port, "GET", "/readyz", None, None) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready");
}

/// A minimal HTTP/1.1 client (one request per connection), enough for a test.
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.unwrap_or("");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut r = BufReader::new(s);
    let mut status = String::new();
    r.read_line(&mut status)?;
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        r.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf)?;
    Ok((code, String::from_utf8_lossy(&buf).into_owned()))
}

fn inspection(key: &str) -> String {
    serde_json::json!({
        "port": "PVG", "lane": "manual", "direction": "entry",
        "document": { "mrz": [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
        ] },
        "idempotency_key": key,
    })
    .to_string()
}

#[test]
fn acknowledged_inspections_survive_sigkill() {
    let data = std::env::temp_dir().join(format!("guomen-durability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let out = Command::new(bin())
        .args(["token", "create", "--role", "officer", "--port", "PVG", "--name", "desk-1"])
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();

    let port = free_port();
    let mut server = serve(&data, port);
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..6)
        .map(|w| {
            let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let key = format!("w{w}-{i}");
                    i += 1;
                    if let Ok((201, body)) =
                        http(port, "POST", "/api/v1/inspections", Some(&token), Some(&inspection(&key)))
                    {
                        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                        acked.lock().unwrap().push((key, v["inspection_id"].as_str().unwrap().to_owned()));
                    }
                }
            })
        })
        .collect();
    // Let the load run, then pull the plug mid-flight.
    let start = Instant::now();
    while acked.lock().unwrap().len() < 150 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().unwrap(); // SIGKILL on Unix: no shutdown, no flush.
    server.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 100, "only {} inspections were acknowledged", acked.len());

    let mut server = serve(&data, port);
    for (key, id) in &acked {
        let (code, body) =
            http(port, "POST", "/api/v1/inspections", Some(&token), Some(&inspection(key))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(code, 200, "acknowledged {key} was lost: {body}");
        assert_eq!(v["inspection_id"].as_str(), Some(id.as_str()), "{key} was recorded twice");
        assert_eq!(v["replayed"], true);
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let verify = Command::new(bin()).args(["audit", "verify"]).arg("--data").arg(&data).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let _ = std::fs::remove_dir_all(&data);
}
