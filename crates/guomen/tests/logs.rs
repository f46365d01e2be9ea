//! No personal data in logs: run the real server with JSON logs at the debug level, send it inspections,
//! document checks, screenings and failed requests carrying a synthetic traveller's data, and search every
//! line it logged for that data.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_guomen")
}

fn http(port: u16, method: &str, path: &str, token: &str, body: &str) -> u16 {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return 0 };
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let auth = if token.is_empty() { String::new() } else { format!("Authorization: Bearer {token}\r\n") };
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let mut status = String::new();
    r.read_line(&mut status).unwrap_or(0);
    let mut rest = Vec::new();
    let _ = r.read_to_end(&mut rest);
    status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn the_server_logs_no_personal_data() {
    let data = std::env::temp_dir().join(format!("guomen-logs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let out = Command::new(bin())
        .args(["token", "create", "--role", "officer", "--port", "PVG"])
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new(bin())
        .args(["serve", "--log-format", "json", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data")
        .arg(&data)
        .env("GUOMEN_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes while the server runs: a full pipe would block its logging.
    let mut out_pipe = server.stdout.take().unwrap();
    let mut err_pipe = server.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    while http(port, "GET", "/readyz", "", "") != 200 {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = server.kill();
            panic!("server did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mrz =
        r#"["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<","L898902C36UTO7408122F1204159ZE184226B<<<<<10"]"#;
    let bad =
        r#"["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<","L898902C36UTO7408132F1204159ZE184226B<<<<<10"]"#;
    for (path, body) in [
        (
            "/api/v1/inspections",
            format!(r#"{{"port":"PVG","lane":"manual","direction":"entry","document":{{"mrz":{mrz}}}}}"#),
        ),
        (
            "/api/v1/inspections",
            format!(r#"{{"port":"PVG","lane":"egate","direction":"exit","document":{{"mrz":{bad}}}}}"#),
        ),
        (
            "/api/v1/inspections",
            format!(r#"{{"port":"PVG","lane":"manual","direction":"sideways","document":{{"mrz":{mrz}}}}}"#),
        ),
        ("/api/v1/mrz/parse", format!(r#"{{"lines":{mrz}}}"#)),
        (
            "/api/v1/screen",
            r#"{"name":"ERIKSSON ANNA MARIA","birth_date":"1974-08-12","document_number":"L898902C3"}"#
                .to_owned(),
        ),
        ("/api/v1/auth/login", r#"{"username":"eriksson.anna","password":"L898902C3-secret"}"#.to_owned()),
    ] {
        let status = http(port, "POST", path, &token, &body);
        assert!(status > 0, "{path}: no answer");
    }
    let _ = http(port, "GET", "/api/v1/travellers/ERIKSSON?purpose=L898902C3", &token, "");
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = out_reader.join().unwrap();
    let stderr = err_reader.join().unwrap();
    let log = format!("{stdout}\n{stderr}");
    assert!(
        log.lines().filter(|l| l.contains("\"request\"")).count() >= 6,
        "the requests were not logged:\n{log}"
    );
    for secret in
        ["ERIKSSON", "ANNA", "MARIA", "L898902C3", "740812", "1974-08-12", "eriksson.anna", "ZE184226B"]
    {
        let hits: Vec<&str> =
            log.lines().filter(|l| l.to_ascii_uppercase().contains(&secret.to_ascii_uppercase())).collect();
        assert!(hits.is_empty(), "{secret} appears in the log:\n{}", hits.join("\n"));
    }
    let _ = std::fs::remove_dir_all(&data);
}
