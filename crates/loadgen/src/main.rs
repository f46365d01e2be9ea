//! `guomen-loadgen`: many keep-alive HTTP/1.1 clients sending inspections to a running guomen server, as a
//! separate process, reporting sustained inspections per second and latency percentiles.
//!
//! Each client owns its own slice of synthetic travellers and alternates their entries and exits, so the
//! load is a realistic mix of citizens (desks and e-gates) and visa-free foreigners, every request a full
//! inspection: MRZ, watchlist screening, entry rules, the traveller lookup and the durable write.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;
use serde_json::json;
use synth::Rng;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Load generator for guomen's inspection API.
#[derive(Debug, Parser)]
#[command(name = "guomen-loadgen", version, about)]
struct Args {
    /// The server, `host:port`.
    #[arg(long, default_value = "127.0.0.1:8080")]
    server: String,
    /// An API token of an officer or e-gate scoped to `--port` (see `guomen token create`).
    #[arg(long, env = "GUOMEN_TOKEN", hide_env_values = true)]
    token: String,
    /// Port registry code the inspections happen at.
    #[arg(long, default_value = "PVG")]
    port: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Seconds of unmeasured load first.
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// Distinct synthetic travellers.
    #[arg(long, default_value_t = 50_000)]
    travellers: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Visa-free nationalities, so that foreigners are mostly cleared like real traffic.
const VISITORS: &[&str] = &["D", "FRA", "ITA", "NLD", "ESP", "AUS", "JPN", "KOR", "GBR", "SGP", "MYS", "THA"];

fn traveller(rng: &mut Rng) -> Result<(Vec<String>, &'static str)> {
    let visitor: &&'static str = rng.pick(VISITORS);
    let nationality: &'static str = if rng.chance(60) { "CHN" } else { visitor };
    let (_, surnames, givens) = synth::pool(nationality);
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: "P".into(),
        issuing_state: nationality.into(),
        primary_identifier: (*rng.pick(surnames)).to_owned(),
        secondary_identifier: (*rng.pick(givens)).to_owned(),
        document_number: synth::document_number(rng, nationality),
        nationality: nationality.into(),
        birth_date: format!("{}-{:02}-{:02}", 1950 + rng.below(55), 1 + rng.below(12), 1 + rng.below(28))
            .parse()
            .map_err(|e| anyhow!("{e:?}"))?,
        sex: if rng.chance(50) { mrz::Sex::Female } else { mrz::Sex::Male },
        expiry_date: jiff::civil::date(2030, 6, 30),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    Ok((mrz::to_mrz(&fields, translit::Language::Default).map_err(|e| anyhow!("{e}"))?, nationality))
}

struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    async fn open(server: &str) -> Result<Conn> {
        let s = TcpStream::connect(server).await.with_context(|| format!("cannot connect to {server}"))?;
        s.set_nodelay(true)?;
        Ok(Conn { stream: BufReader::new(s) })
    }

    /// One request on the kept-alive connection; returns the status and the body.
    async fn post(&mut self, path: &str, token: &str, body: &str) -> Result<(u16, Vec<u8>)> {
        // Head and body in one write: one segment on a no-delay socket, one wake-up of the server.
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: guomen\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        request.push_str(body);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| anyhow!("bad status line {line:?}"))?;
        let mut len = 0usize;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                bail!("connection closed");
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut buf = vec![0; len];
        self.stream.read_exact(&mut buf).await?;
        Ok((status, buf))
    }
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    statuses: std::collections::BTreeMap<u16, u64>,
    clear: u64,
    refer: u64,
    errors: u64,
}

async fn worker(
    args: std::sync::Arc<Args>,
    people: Vec<(Vec<String>, &'static str)>,
    start: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut inside = vec![false; people.len()];
    // Each traveller's two request bodies (entry, exit), built before the clock starts.
    let bodies: Vec<(String, String)> = people
        .iter()
        .enumerate()
        .map(|(k, (lines, nationality))| {
            let lane = if *nationality == "CHN" && !k.is_multiple_of(3) { "egate" } else { "manual" };
            let body = |direction: &str| {
                json!({
                    "port": args.port,
                    "lane": lane,
                    "direction": direction,
                    "document": { "mrz": lines },
                    "travel": { "origin": nationality, "purpose": "tourism" },
                })
                .to_string()
            };
            (body("entry"), body("exit"))
        })
        .collect();
    let Ok(mut conn) = Conn::open(&args.server).await else {
        tally.errors += 1;
        return tally;
    };
    let warmup = Duration::from_secs(args.warmup);
    let end = warmup + Duration::from_secs(args.duration);
    let mut i = 0usize;
    while start.elapsed() < end {
        let n = people.len().max(1);
        let k = i % n;
        i += 1;
        if k >= bodies.len() {
            break;
        }
        let entering = !inside.get(k).copied().unwrap_or(false);
        let body = if entering { &bodies[k].0 } else { &bodies[k].1 };
        let t = Instant::now();
        let result = conn.post("/api/v1/inspections", &args.token, body).await;
        let us = u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX);
        match result {
            Ok((status, resp)) => {
                if let Some(slot) = inside.get_mut(k)
                    && (200..300).contains(&status)
                {
                    *slot = entering;
                }
                if start.elapsed() >= warmup {
                    tally.latencies_us.push(us);
                    *tally.statuses.entry(status).or_default() += 1;
                    let text = std::str::from_utf8(&resp).unwrap_or_default();
                    if text.contains("\"decision\":\"clear\"") {
                        tally.clear += 1;
                    } else if text.contains("\"decision\":\"refer\"") {
                        tally.refer += 1;
                    }
                }
            }
            Err(_) => {
                tally.errors += 1;
                match Conn::open(&args.server).await {
                    Ok(c) => conn = c,
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        }
    }
    tally
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted.get(idx).copied().unwrap_or(0)) / 1000.0
}

#[tokio::main]
#[allow(clippy::print_stdout)]
async fn main() -> Result<()> {
    let args = std::sync::Arc::new(Args::parse());
    let mut rng = Rng::new(args.seed);
    let mut slices: Vec<Vec<(Vec<String>, &'static str)>> = vec![Vec::new(); args.concurrency.max(1)];
    for i in 0..args.travellers {
        let n = slices.len();
        if let Some(s) = slices.get_mut(i % n) {
            s.push(traveller(&mut rng)?);
        }
    }
    let start = Instant::now();
    let handles: Vec<_> =
        slices.into_iter().map(|people| tokio::spawn(worker(args.clone(), people, start))).collect();
    let mut all = Tally::default();
    for h in handles {
        let t = h.await?;
        all.latencies_us.extend(t.latencies_us);
        for (k, v) in t.statuses {
            *all.statuses.entry(k).or_default() += v;
        }
        all.clear += t.clear;
        all.refer += t.refer;
        all.errors += t.errors;
    }
    all.latencies_us.sort_unstable();
    let n = all.latencies_us.len();
    #[allow(clippy::cast_precision_loss)]
    let rate = n as f64 / args.duration.max(1) as f64;
    let summary = json!({
        "requests": n,
        "duration_s": args.duration,
        "concurrency": args.concurrency,
        "inspections_per_s": (rate * 10.0).round() / 10.0,
        "p50_ms": percentile(&all.latencies_us, 0.50),
        "p90_ms": percentile(&all.latencies_us, 0.90),
        "p99_ms": percentile(&all.latencies_us, 0.99),
        "max_ms": percentile(&all.latencies_us, 1.0),
        "statuses": all.statuses,
        "clear": all.clear,
        "refer": all.refer,
        "errors": all.errors,
    });
    if args.json {
        println!("{summary}");
    } else {
        println!(
            "{n} inspections in {} s with {} connections: {:.0}/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms; \
             {} clear, {} refer, statuses {:?}, {} errors",
            args.duration,
            args.concurrency,
            rate,
            percentile(&all.latencies_us, 0.50),
            percentile(&all.latencies_us, 0.90),
            percentile(&all.latencies_us, 0.99),
            percentile(&all.latencies_us, 1.0),
            all.clear,
            all.refer,
            all.statuses,
            all.errors
        );
    }
    Ok(())
}
