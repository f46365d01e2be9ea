//! The demo's synthetic world: a watchlist, a population of travellers of many nationalities, and days of
//! crossings at real ports, this year and the same days last year — all run through the real inspection
//! pipeline, so every record, grant, referral, overstay and audit entry is what guomen itself produced.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use domain::{Principal, PrincipalKind, Role, Scope};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use synth::{POOLS, Rng, document_number, foreign_pools, pool};

/// A synthetic traveller.
#[derive(Debug, Clone)]
struct Person {
    nationality: &'static str,
    surname: String,
    given: String,
    number: String,
    birth: String,
    sex: &'static str,
    expiry: String,
    /// How this person enters, if a foreigner.
    plan: Plan,
    /// In China now.
    inside: bool,
    /// The next planned crossing (an exit while inside; a return home for residents abroad).
    due: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Resident,
    VisaFree,
    Transit,
    Visa,
    NoVisa,
}

const NEWLY_VISA_FREE: &[&str] = &["GBR", "CAN", "RUS", "BRA", "MYS"];

const UNILATERAL_OR_AGREEMENT: &[&str] = &[
    "D", "FRA", "ITA", "NLD", "ESP", "AUS", "JPN", "KOR", "GBR", "CAN", "RUS", "BRA", "SGP", "MYS", "THA",
    "ARE",
];

fn person(rng: &mut Rng, nationality: &'static str) -> Person {
    let (_, surnames, givens) = pool(nationality);
    let year = 1950 + rng.below(55);
    let plan = match nationality {
        "CHN" | "HKG" | "MAC" => Plan::Resident,
        n if UNILATERAL_OR_AGREEMENT.contains(&n) => Plan::VisaFree,
        "USA" if rng.chance(60) => Plan::Transit,
        _ if rng.chance(8) => Plan::NoVisa,
        _ => Plan::Visa,
    };
    Person {
        nationality,
        surname: (*rng.pick(surnames)).to_owned(),
        given: (*rng.pick(givens)).to_owned(),
        number: document_number(rng, nationality),
        birth: format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        sex: if rng.chance(50) { "F" } else { "M" },
        // A few documents expired a little while ago: the desk must catch them.
        expiry: if rng.below(300) == 0 {
            "2026-10-01".into()
        } else {
            format!("{}-{:02}-15", 2027 + rng.below(9), 1 + rng.below(12))
        },
        plan,
        inside: false,
        due: None,
    }
}

fn mrz(p: &Person) -> Result<Vec<String>> {
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: "P".into(),
        issuing_state: p.nationality.into(),
        primary_identifier: p.surname.clone(),
        secondary_identifier: p.given.clone(),
        document_number: p.number.clone(),
        nationality: p.nationality.into(),
        birth_date: p.birth.parse().map_err(|e| anyhow!("{e:?}"))?,
        sex: p.sex.parse().map_err(|e| anyhow!("{e:?}"))?,
        expiry_date: p.expiry.parse()?,
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    mrz::to_mrz(&fields, translit::Language::Default).map_err(|e| anyhow!("{e}"))
}

/// Ports by traffic: airports for everyone, land ports to Hong Kong and Macao for their residents.
const AIRPORTS: &[&str] = &["PVG", "PEK", "CAN", "SZX", "PKX", "CTU", "HGH", "XMN", "KMG", "SHA"];
const LAND_HK_MO: &[&str] =
    &["SZ-LUOHU", "SZ-FUTIAN", "SZ-SHENZHEN-BAY", "ZH-GONGBEI", "ZH-HZMB", "ZH-HENGQIN"];
const ONWARD: &[&str] = &["KOR", "JPN", "SGP", "HKG", "THA", "MYS"];

/// The watchlist: random synthetic entries, plus a few planted on demo travellers so the desk has
/// something to find.
fn watchlist_csv(rng: &mut Rng, planted: &[(&Person, &str, &str, &str)]) -> String {
    let mut csv = String::from(
        "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n",
    );
    for i in 0..400 {
        let (nat, surnames, givens) = rng.pick(POOLS);
        let kind = match rng.below(10) {
            0..=3 => ("wanted", "refer", "interpol-red-notices"),
            4..=6 => ("entry-ban", "refer", "entry-bans"),
            7 => ("exit-ban", "deny", "court-exit-bans"),
            _ => ("notify", "notify", "notify"),
        };
        // Rare surname + given combinations with birth dates far from most travellers'.
        csv.push_str(&format!(
            "R{i:04},{} {},{}-{:02}-{:02},,{nat},,{},{},,,{}\n",
            rng.pick(givens),
            rng.pick(surnames),
            1940 + rng.below(60),
            1 + rng.below(12),
            1 + rng.below(28),
            kind.0,
            kind.1,
            kind.2
        ));
    }
    for (i, (p, alert, action, list)) in planted.iter().enumerate() {
        if *alert == "lost-stolen-document" {
            csv.push_str(&format!(
                "P{i:03},Document Holder Unknown,,,{},{},{alert},{action},,,{list}\n",
                p.nationality, p.number
            ));
        } else {
            csv.push_str(&format!(
                "P{i:03},{} {},{},{},{},,{alert},{action},,,{list}\n",
                p.given, p.surname, p.birth, p.sex, p.nationality
            ));
        }
    }
    csv
}

fn seeder() -> Principal {
    Principal {
        id: "system:demo-seeder".into(),
        name: "demo-seeder".into(),
        kind: PrincipalKind::Token,
        role: Role::Officer,
        scope: Scope { ports: codes::ports().iter().map(|p| p.code.clone()).collect(), ..Scope::default() },
    }
}

/// Counts of what the demo produced.
#[derive(Debug, Default)]
pub struct Seeded {
    pub inspections: usize,
    pub cleared: usize,
    pub referred: usize,
    pub watchlist: usize,
    pub conveyances: usize,
}

/// Seeds `days` days up to `now` and the same days a year earlier.
pub async fn seed(app: &web::App, days: u32, now: Timestamp) -> Result<Seeded> {
    let mut rng = Rng::new(20_261_202);
    let mut people: Vec<Person> = Vec::new();
    for _ in 0..1500 {
        people.push(person(&mut rng, "CHN"));
    }
    for _ in 0..500 {
        people.push(person(&mut rng, "HKG"));
    }
    for _ in 0..150 {
        people.push(person(&mut rng, "MAC"));
    }
    let foreign = foreign_pools();
    for _ in 0..900 {
        let (nat, _, _) = *rng.pick(&foreign);
        people.push(person(&mut rng, nat));
    }
    // Planted alerts on a handful of travellers.
    let planted_idx = [3usize, 1600, 2200, 2300, 2400, 10, 2500];
    let kinds = [
        ("exit-ban", "deny", "court-exit-bans"),
        ("wanted", "refer", "interpol-red-notices"),
        ("entry-ban", "refer", "entry-bans"),
        ("lost-stolen-document", "refer", "sltd"),
        ("notify", "notify", "notify"),
        ("lost-stolen-document", "refer", "sltd"),
        ("wanted", "refer", "interpol-red-notices"),
    ];
    let planted: Vec<(&Person, &str, &str, &str)> = planted_idx
        .iter()
        .zip(kinds)
        .filter_map(|(i, (a, b, c))| people.get(*i).map(|p| (p, a, b, c)))
        .collect();
    let csv = watchlist_csv(&mut rng, &planted);
    let imported =
        screening::import(&csv, screening::ImportFormat::Csv, &screening::ImportOptions::default())
            .map_err(|e| anyhow!("demo watchlist: {e}"))?;
    let by_list: BTreeMap<String, Vec<screening::Entry>> =
        imported.entries.iter().fold(BTreeMap::new(), |mut m, e| {
            m.entry(e.list.clone()).or_insert_with(Vec::new).push(e.clone());
            m
        });
    let actor = Principal::system("demo");
    let mut total = 0;
    for (list, entries) in by_list {
        let rows = entries
            .iter()
            .map(|e| Ok((e.id.clone(), serde_json::to_value(e)?)))
            .collect::<Result<Vec<_>>>()?;
        total += rows.len();
        app.store.watchlist_import(&actor, &list, rows, store::ImportMode::Replace, now).await?;
    }
    // From the store, so that hits and dispositions carry the store's entry versions.
    web::api::watchlists::load(app).await.map_err(|e| anyhow!("demo watchlist index: {e}"))?;

    let officer = seeder();
    let mut out = Seeded { watchlist: total, ..Seeded::default() };
    // Last year first (so its records are older), at about 70% of this year's traffic.
    for (offset_days, volume, seed) in [(365i64, 70u64, 7u64), (0, 100, 11)] {
        let mut rng = Rng::new(seed);
        // Residents mostly start at home (and leave first); visitors mostly start abroad.
        let start = now - SignedDuration::from_hours(24 * (i64::from(days) + offset_days));
        for p in people.iter_mut() {
            // Residents are at home or on a trip, each with their next crossing planned; a fifth of the
            // visitors are already in China at the start.
            let resident = p.plan == Plan::Resident && p.nationality == "CHN";
            p.inside = if resident { rng.chance(50) } else { rng.chance(20) };
            p.due = (resident || p.inside).then(|| {
                start
                    + SignedDuration::from_hours(
                        i64::try_from(rng.below(24 * 2 * u64::from(days.max(1)))).unwrap_or(0),
                    )
            });
        }
        let last_year = offset_days > 0;
        for d in (0..i64::from(days)).rev() {
            let day_start =
                now - SignedDuration::from_hours(24 * (d + offset_days)) - SignedDuration::from_hours(20);
            let day = Day { start: day_start, volume, last_year, last_day: d == 0 && !last_year };
            run_day(app, &officer, &mut people, &mut rng, day, &mut out).await?;
        }
        if last_year {
            // Everyone still in China a year ago left the day after the window: last year's stays are closed.
            let day_start =
                now - SignedDuration::from_hours(24 * (offset_days - 1)) - SignedDuration::from_hours(20);
            for p in people.iter_mut().filter(|p| p.inside) {
                p.due = Some(day_start);
            }
            let day = Day { start: day_start, volume: 0, last_year: true, last_day: false };
            run_day(app, &officer, &mut people, &mut rng, day, &mut out).await?;
        }
    }
    Ok(out)
}

/// One simulated day.
struct Day {
    start: Timestamp,
    /// Traffic in percent of this year's.
    volume: u64,
    last_year: bool,
    /// Today: referrals stay open for the secondary-inspection queue.
    last_day: bool,
}

async fn run_day(
    app: &web::App,
    officer: &Principal,
    people: &mut [Person],
    rng: &mut Rng,
    day: Day,
    out: &mut Seeded,
) -> Result<()> {
    let Day { start: day_start, volume, last_year, last_day } = day;
    let n = people.len();
    let mut requests: Vec<(usize, Value)> = Vec::new();
    for i in 0..n {
        // A traveller whose stay ends today leaves; others cross on about one day in six.
        let Some(p) = people.get(i) else { continue };
        let due_today = p.due.is_some_and(|due| due < day_start + SignedDuration::from_hours(16));
        if !due_today && (p.due.is_some() || rng.below(600) >= volume) {
            continue;
        }
        let at = day_start + SignedDuration::from_secs(i64::try_from(rng.below(16 * 3600)).unwrap_or(0));
        let (direction, travel, document_extra) = match p.inside {
            true => ("exit", json!({}), json!({})),
            // Countries that joined the visa-free lists during 2025–26 travelled on visas a year ago.
            false => {
                match if last_year && NEWLY_VISA_FREE.contains(&p.nationality) { Plan::Visa } else { p.plan }
                {
                    Plan::Resident | Plan::VisaFree => {
                        ("entry", json!({ "origin": p.nationality, "purpose": "tourism" }), json!({}))
                    }
                    Plan::Transit => {
                        let dep =
                            at + SignedDuration::from_hours(24 + i64::try_from(rng.below(180)).unwrap_or(0));
                        let dep = dep
                            .to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai")?)
                            .strftime("%Y-%m-%dT%H:%M")
                            .to_string();
                        (
                            "entry",
                            json!({ "origin": "USA", "onward_to": rng.pick(ONWARD), "onward_departure": dep, "purpose": "transit" }),
                            json!({}),
                        )
                    }
                    Plan::Visa => {
                        let until = (at + SignedDuration::from_hours(24 * 300))
                            .to_zoned(jiff::tz::TimeZone::UTC)
                            .date()
                            .to_string();
                        (
                            "entry",
                            json!({ "origin": p.nationality, "purpose": "business" }),
                            json!({ "visa": { "category": "M", "valid_until": until, "entries": "multiple", "duration_of_stay_days": 30 } }),
                        )
                    }
                    Plan::NoVisa => {
                        ("entry", json!({ "origin": p.nationality, "purpose": "tourism" }), json!({}))
                    }
                }
            }
        };
        let port = match p.nationality {
            "HKG" | "MAC" if rng.chance(80) => rng.pick(LAND_HK_MO),
            "CHN" if rng.chance(35) => rng.pick(LAND_HK_MO),
            _ => rng.pick(AIRPORTS),
        };
        let lane = if p.nationality == "CHN" && rng.chance(65) { "egate" } else { "manual" };
        let mut document = json!({ "mrz": mrz(p)? });
        if let (Some(d), Some(extra)) = (document.as_object_mut(), document_extra.as_object()) {
            d.extend(extra.clone());
        }
        requests.push((
            i,
            json!({ "port": port, "lane": lane, "direction": direction, "document": document, "travel": travel, "at": at }),
        ));
    }
    requests.sort_by_key(|(_, r)| r["at"].as_str().map(str::to_owned));
    // Inspections of different travellers run concurrently, so the writer commits them in groups.
    for chunk in requests.chunks(32) {
        let futures = chunk.iter().map(|(i, body)| {
            let app = app.clone();
            let officer = officer.clone();
            let body = body.clone();
            let i = *i;
            async move {
                let req: clearance::InspectionRequest = serde_json::from_value(body)?;
                let v = web::api::inspections::run_inspection(&app, &officer, req)
                    .await
                    .map_err(|e| anyhow!("{e}"))?;
                Ok::<(usize, Value), anyhow::Error>((i, v))
            }
        });
        let results = futures_join(futures).await;
        for r in results {
            let (i, v) = r?;
            out.inspections += 1;
            let Some(p) = people.get_mut(i) else { continue };
            let cleared = v["decision"] == "clear";
            if cleared {
                out.cleared += 1;
            } else {
                out.referred += 1;
            }
            let at: Timestamp = v["at"].as_str().unwrap_or("").parse().unwrap_or(day_start);
            let mut passed = cleared;
            if !cleared {
                passed = resolve(app, officer, &v, day_start, last_day).await?;
            }
            match (v["direction"].as_str(), passed) {
                (Some("entry"), true) => {
                    let until = v["grant"]["permitted_until"]
                        .as_str()
                        .and_then(|t| t.parse::<jiff::Zoned>().ok())
                        .map(|z| z.timestamp());
                    // Most leave well before their deadline; a few overstay.
                    let planned =
                        at + SignedDuration::from_hours(24 * (1 + i64::try_from(i % 9).unwrap_or(0)));
                    p.inside = true;
                    p.due = Some(match until {
                        Some(u) if i % 97 == 0 => u + SignedDuration::from_hours(72),
                        Some(u) => planned.min(u - SignedDuration::from_hours(40)),
                        None => planned,
                    });
                }
                (Some("exit"), true) => {
                    p.inside = false;
                    // Residents come home after a trip; visitors come back some other time.
                    p.due = (p.plan == Plan::Resident).then(|| {
                        at + SignedDuration::from_hours(24 * (2 + i64::try_from(i % 8).unwrap_or(0)))
                    });
                }
                _ => {}
            }
        }
    }
    // Flights arriving and leaving: the conveyance counters.
    for port in AIRPORTS {
        for k in 0..(4 + rng.below(6)) {
            let at = day_start + SignedDuration::from_mins(i64::try_from(30 + k * 97).unwrap_or(0));
            let body = json!({
                "kind": "aircraft", "identifier": format!("MU{}", 500 + rng.below(400)),
                "direction": if k % 2 == 0 { "entry" } else { "exit" }, "port": port,
                "at": at, "crew_count": 12, "passenger_count": 150 + rng.below(150),
            });
            record_conveyance(app, officer, body).await?;
            out.conveyances += 1;
        }
    }
    Ok(())
}

/// What the officers did with a referral. Today's referrals stay in the secondary-inspection queue; older
/// ones were resolved the way an officer would. Returns whether the traveller crossed.
async fn resolve(
    app: &web::App,
    officer: &Principal,
    v: &Value,
    day_start: Timestamp,
    last_day: bool,
) -> Result<bool> {
    let Some(id) = v["inspection_id"].as_str() else { return Ok(false) };
    let first = v["reasons"][0]["code"].as_str().unwrap_or("");
    let foreigner = v["category"] == "foreigner";
    let hour = v["at"]
        .as_str()
        .and_then(|t| t.parse::<Timestamp>().ok())
        .map(|t| t.duration_since(day_start).as_hours());
    if last_day && hour.is_some() && first != "overstay" {
        return Ok(false);
    }
    let (action, basis) = match first {
        // An overstayer is let go (the fine is its own procedure); a citizen is never turned away.
        "overstay" | "egate-not-eligible" => ("admit", None),
        "document-expired" | "document-invalid" if !foreigner => ("admit", None),
        "visa-required" | "document-expired" | "document-invalid" => ("refuse", Some("EEA-Law Art. 25(1)")),
        "document-lost-stolen" if foreigner => ("refuse", Some("EEA-Law Art. 25(1)")),
        "exit-ban" => ("refuse", Some(if foreigner { "EEA-Law Art. 28(1)" } else { "EEA-Law Art. 12(2)" })),
        _ => ("confirm-hit", None),
    };
    let body = web::api::inspections::ResolutionBody {
        action: action.into(),
        legal_basis: basis.map(str::to_owned),
        note: Some("demo: resolved at the desk".into()),
        entries: None,
        permitted_until: None,
    };
    web::api::inspections::run_resolution(app, officer, id, body).await.map_err(|e| anyhow!("{e}"))?;
    Ok(action == "admit")
}

async fn record_conveyance(app: &web::App, officer: &Principal, body: Value) -> Result<()> {
    let port = body["port"].as_str().and_then(codes::port).ok_or_else(|| anyhow!("demo port"))?;
    let direction = domain::Direction::parse(body["direction"].as_str().unwrap_or(""))
        .unwrap_or(domain::Direction::Entry);
    app.store
        .record_conveyance(
            officer,
            store::ConveyanceWrite {
                id: uuid::Uuid::now_v7().to_string(),
                kind: "aircraft".into(),
                identifier: body["identifier"].as_str().unwrap_or("").to_owned(),
                direction,
                port: port.code.clone(),
                at: body["at"].as_str().unwrap_or("").parse()?,
                crew_count: body["crew_count"].as_i64().unwrap_or(0),
                passenger_count: body["passenger_count"].as_i64().unwrap_or(0),
                time_zone: port.time_zone.clone(),
            },
        )
        .await?;
    Ok(())
}

/// Awaits a set of futures concurrently (a tiny join_all, to avoid a dependency for ten lines).
async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        if let Ok(v) = h.await {
            out.push(v);
        }
    }
    out
}
