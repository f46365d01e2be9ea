//! A minimal WebDriver (W3C) client for the console's browser tests, and the means to find and start
//! Debian's `chromium` and `chromedriver`.
//!
//! WebDriver is JSON over HTTP on the loopback interface, so the client is a few blocking requests over
//! std's `TcpStream` (one connection per command, `Connection: close`): no HTTP or TLS crate is needed and
//! nothing here reaches beyond 127.0.0.1. Only the commands the tests use are wrapped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What went wrong, in words (the tests print it).
pub type Error = String;
pub type Result<T> = std::result::Result<T, Error>;

/// WebDriver's key codes (W3C WebDriver §17.4.2) for `send_keys`.
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ALT: &str = "\u{E00A}";
    pub const DOWN: &str = "\u{E015}";
}

/// The element reference key of W3C WebDriver.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The browser and driver binaries, if both are installed.
#[derive(Debug, Clone)]
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        let fixed = Path::new("/usr/bin").join(name);
        if fixed.is_file() {
            return Some(fixed);
        }
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

impl Browser {
    /// Finds chromium and chromedriver (Debian's packages `chromium` and `chromium-driver`), or says which
    /// is missing.
    pub fn find() -> std::result::Result<Browser, String> {
        let chromium = which(&["chromium", "chromium-browser"]);
        let chromedriver = which(&["chromedriver"]);
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Ok(Browser { chromium, chromedriver }),
            (c, d) => Err(format!(
                "needs chromium and chromedriver (apt-get install chromium chromium-driver); missing: {}",
                [c.is_none().then_some("chromium"), d.is_none().then_some("chromedriver")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// A free TCP port on the loopback interface (bound, read, released).
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// One HTTP/1.1 request on a fresh connection; returns the status and the body parsed as JSON.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect :{port}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    s.write_all(head.as_bytes()).and_then(|()| s.write_all(payload.as_bytes())).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open whatever the request asks, so the body is read by its
    // length (or to the last chunk), never to the end of the stream.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).map_err(|e| format!("{method} {path}: {e}"))?;
        if n == 0 {
            return Err(format!("{method} {path}: the connection closed before the headers ended"));
        }
        raw.extend_from_slice(buf.get(..n).unwrap_or_default());
    };
    let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).to_string();
    let mut rest = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("no HTTP status")?;
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_ascii_lowercase())
        })
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let length: Option<usize> = header("content-length").and_then(|v| v.parse().ok());
    loop {
        let complete = match (chunked, length) {
            (true, _) => rest.windows(5).any(|w| w == b"0\r\n\r\n"),
            (false, Some(n)) => rest.len() >= n,
            (false, None) => false,
        };
        if complete {
            break;
        }
        let n = s.read(&mut buf).map_err(|e| format!("{method} {path}: {e}"))?;
        if n == 0 {
            break;
        }
        rest.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    let body = match (chunked, length) {
        (true, _) => dechunk(&rest)?,
        (false, Some(n)) => rest.get(..n).ok_or("short body")?.to_vec(),
        (false, None) => rest,
    };
    let value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| e.to_string())?
    };
    Ok((status, value))
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(data.get(..end).unwrap_or_default()).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("bad chunk size {size_text:?}: {e}"))?;
        data = data.get(end + 2..).unwrap_or_default();
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).unwrap_or_default();
    }
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it is ready.
    pub fn start(browser: &Browser) -> Result<Driver> {
        let port = free_port()?;
        let child = Command::new(&browser.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", browser.chromedriver.display()))?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok((200, v)) = http(port, "GET", "/status", None)
                && v["value"]["ready"] == true
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not become ready within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Opens a headless chromium with a fresh profile in `profile`, at `width`×`height` pixels.
    pub fn session(&self, browser: &Browser, profile: &Path, width: u32, height: u32) -> Result<Session> {
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--lang=en-US".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": browser.chromium.display().to_string(),
                "args": args,
                "prefs": { "intl.accept_languages": "en-US,en" }
            }
        }}});
        let (status, v) = http(self.port, "POST", "/session", Some(&caps))?;
        let id = v["value"]["sessionId"].as_str().filter(|_| status == 200);
        let id = id.ok_or_else(|| format!("no session ({status}): {v}"))?.to_owned();
        Ok(Session { port: self.port, id })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session.
pub struct Session {
    port: u16,
    id: String,
}

/// An element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let full = format!("/session/{}{path}", self.id);
        let body = body.or_else(|| (method == "POST").then(|| json!({})));
        let (status, v) = http(self.port, method, &full, body.as_ref())?;
        if status != 200 {
            return Err(format!("{method} {path}: {status} {}", v["value"]));
        }
        Ok(v["value"].clone())
    }

    fn element(v: &Value) -> Result<Element> {
        v[ELEMENT].as_str().map(|s| Element(s.to_owned())).ok_or_else(|| format!("not an element: {v}"))
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        self.cmd("POST", "/url", Some(json!({ "url": url }))).map(|_| ())
    }

    pub fn url(&self) -> Result<String> {
        Ok(self.cmd("GET", "/url", None)?.as_str().unwrap_or("").to_owned())
    }

    pub fn title(&self) -> Result<String> {
        Ok(self.cmd("GET", "/title", None)?.as_str().unwrap_or("").to_owned())
    }

    pub fn find(&self, css: &str) -> Result<Element> {
        let v = self.cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })))?;
        Self::element(&v).map_err(|e| format!("{css}: {e}"))
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })))?;
        v.as_array().into_iter().flatten().map(Self::element).collect()
    }

    /// Waits until an element matches `css` (pages load and htmx swaps asynchronously).
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.find(css) {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("waited {timeout:?} for {css}: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Waits until the page's address satisfies `pred`.
    pub fn wait_for_url(&self, pred: impl Fn(&str) -> bool, timeout: Duration) -> Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let url = self.url()?;
            if pred(&url) {
                return Ok(url);
            }
            if Instant::now() > deadline {
                return Err(format!("waited {timeout:?}; the page is still {url}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The element that has the keyboard focus.
    pub fn active(&self) -> Result<Element> {
        Self::element(&self.cmd("GET", "/element/active", None)?)
    }

    /// Types into the focused element, as a person at the keyboard would (WebDriver releases the
    /// modifier keys at the end of the sequence).
    pub fn type_keys(&self, text: &str) -> Result<()> {
        let e = self.active()?;
        self.send_keys(&e, text)
    }

    pub fn send_keys(&self, e: &Element, text: &str) -> Result<()> {
        self.cmd("POST", &format!("/element/{}/value", e.0), Some(json!({ "text": text }))).map(|_| ())
    }

    pub fn click(&self, e: &Element) -> Result<()> {
        self.cmd("POST", &format!("/element/{}/click", e.0), None).map(|_| ())
    }

    pub fn text(&self, e: &Element) -> Result<String> {
        Ok(self.cmd("GET", &format!("/element/{}/text", e.0), None)?.as_str().unwrap_or("").to_owned())
    }

    pub fn attribute(&self, e: &Element, name: &str) -> Result<Option<String>> {
        Ok(self.cmd("GET", &format!("/element/{}/attribute/{name}", e.0), None)?.as_str().map(str::to_owned))
    }

    /// The same element? (WebDriver references of one element are equal.)
    pub fn same(a: &Element, b: &Element) -> bool {
        a.0 == b.0
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let v = self.cmd("GET", "/screenshot", None)?;
        base64_decode(v.as_str().ok_or("no screenshot data")?)
    }

    /// Closes the browser.
    pub fn quit(self) -> Result<()> {
        let (status, v) = http(self.port, "DELETE", &format!("/session/{}", self.id), None)?;
        if status == 200 { Ok(()) } else { Err(format!("closing the session: {status} {v}")) }
    }
}

/// Standard base64 (RFC 4648 §4), as WebDriver sends screenshots.
pub fn base64_decode(text: &str) -> Result<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        acc = (acc << 6) | value(c).ok_or_else(|| format!("not base64: {:?}", char::from(c)))?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_the_rfc_vectors() {
        let cases = [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYmFy", "foobar")];
        for (encoded, plain) in cases {
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes(), "{encoded}");
        }
        assert!(base64_decode("Zm9v!").is_err());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"3\r\n{\"a\r\n3\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n").unwrap(), b"{\"a\":1}");
    }
}
