//! The officer console in a real headless browser: Debian's chromium, driven through chromedriver, against
//! guomen's whole router served in-process over a fresh SQLite store — sign in with the keyboard, inspect
//! at the desk (paste the zone, Ctrl+Enter, CLEAR and REFER), resolve a referral in the secondary queue,
//! switch to Chinese. Screenshots go to `<target>/tmp/browser/`.
//!
//! Without chromium or chromedriver the test says so and passes, so `cargo test` needs no browser;
//! with `GUOMEN_TEST_BROWSER=1` (set by `.ci/run`) a missing browser is a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use browser_tests::{Browser, Driver, Session, key};
use domain::Principal;

const PASSWORD: &str = "a long browser-test password";
const WAIT: Duration = Duration::from_secs(15);

/// A mainland citizen (clear at any desk) and a visitor without a visa (referred); synthetic people.
const CITIZEN: [&str; 2] =
    ["P<CHNLIU<<YANG<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "E123456782CHN9001011M3305050<<<<<<<<<<<<<<<0"];
const VISITOR: [&str; 2] =
    ["P<USAHARTLEY<<JAMES<<<<<<<<<<<<<<<<<<<<<<<<<", "A123456784USA8502038M3101012<<<<<<<<<<<<<<<8"];
/// A traveller planted on the test watchlist, waiting in secondary inspection when the test starts.
const LISTED: [&str; 2] =
    ["P<D<<STOLZMANN<<VIKTOR<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<7103047M3101012<<<<<<<<<<<<<<<0"];
const WATCHLIST: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list
W-1,Viktor Stolzmann,1971-03-04,M,D,,wanted,refer,,,interpol-red
";

struct Server {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    dir: PathBuf,
    _rt: tokio::runtime::Runtime,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// guomen's router on a free port, with an officer at PVG and one referral waiting.
fn serve() -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("guomen-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (app, listener) = rt.block_on(async {
        let store = store::Store::open(store::StoreConfig {
            location: store::Location::Sqlite(dir.join("guomen.db")),
            audit_signing_key: Some([5; 32]),
            checkpoint_every: 1000,
        })
        .await
        .unwrap();
        let rules = Arc::new(policy::RuleSet::china().unwrap());
        let app = web::App::new(store, rules, Arc::new(web::SystemClock), web::WebConfig::default());
        let imported =
            screening::import(WATCHLIST, screening::ImportFormat::Csv, &screening::ImportOptions::default())
                .unwrap();
        app.set_watchlist(screening::Index::build(imported.entries).unwrap());
        let input = web::api::accounts::UserInput {
            username: "officer.pvg".into(),
            display_name: Some("浦东边检 Officer PVG".into()),
            role: "officer".into(),
            ports: vec!["PVG".into()],
            office: None,
            carrier: None,
            partner: None,
            password: PASSWORD.into(),
        };
        let officer = web::api::accounts::create_user(
            &app.store,
            &Principal::system("browser-test"),
            input,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
        let req: clearance::InspectionRequest = serde_json::from_value(serde_json::json!({
            "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": LISTED },
            "travel": { "origin": "D", "purpose": "business" }
        }))
        .unwrap();
        let v = web::api::inspections::run_inspection(&app, &officer.principal(), req).await.unwrap();
        assert_eq!(v["decision"], "refer", "{v}");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        (app, listener)
    });
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    rt.spawn(async move {
        let _ = web::serve(listener, app, async {
            let _ = rx.await;
        })
        .await;
    });
    Server { url, stop: Some(tx), dir, _rt: rt }
}

fn shots_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn shot(s: &Session, name: &str) {
    let path = shots_dir().join(format!("{name}.png"));
    std::fs::write(&path, s.screenshot().unwrap()).unwrap();
    println!("screenshot: {}", path.display());
}

fn h1(s: &Session) -> String {
    let e = s.wait_for("h1", WAIT).unwrap();
    s.text(&e).unwrap()
}

/// Types the zone into the focused textarea and submits it with Ctrl+Enter; returns the verdict's word.
fn inspect(s: &Session, zone: &[&str]) -> String {
    let before = s.find(".answer").ok();
    s.type_keys(&zone.join("\n")).unwrap();
    s.type_keys(&format!("{}{}", key::CONTROL, key::ENTER)).unwrap();
    // htmx replaces the desk: wait for an answer that was not there before.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(a) = s.find(".answer")
            && before.as_ref().is_none_or(|b| !Session::same(b, &a))
        {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no answer after Ctrl+Enter");
        std::thread::sleep(Duration::from_millis(100));
    }
    s.text(&s.find(".verdict-word").unwrap()).unwrap()
}

#[test]
fn an_officer_inspects_and_resolves_with_the_keyboard() {
    let browser = match Browser::find() {
        Ok(b) => b,
        Err(why) if std::env::var("GUOMEN_TEST_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("GUOMEN_TEST_BROWSER=1 but the browser test cannot run: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: the browser test {why}");
            return;
        }
    };
    let server = serve();
    let driver = Driver::start(&browser).unwrap();
    let profile = std::env::temp_dir().join(format!("guomen-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let s = driver.session(&browser, &profile, 1440, 1000).unwrap();

    // Sign in with the keyboard: the username field has the focus.
    s.goto(&format!("{}/login", server.url)).unwrap();
    assert_eq!(h1(&s), "Sign in");
    s.type_keys(&format!("officer.pvg{}{PASSWORD}{}", key::TAB, key::ENTER)).unwrap();
    s.wait_for_url(|u| u.ends_with("/dashboard"), WAIT).unwrap();
    assert!(h1(&s).starts_with("Port dashboard"), "{}", h1(&s));
    assert_eq!(s.text(&s.find("[data-open-referrals]").unwrap()).unwrap(), "1");
    shot(&s, "dashboard");

    // The desk (Alt+2): the zone's field has the focus; Ctrl+Enter submits.
    s.type_keys(&format!("{}2", key::ALT)).unwrap();
    s.wait_for_url(|u| u.ends_with("/desk"), WAIT).unwrap();
    assert_eq!(h1(&s), "Inspection desk");
    let focused = s.active().unwrap();
    assert_eq!(s.attribute(&focused, "name").unwrap().as_deref(), Some("mrz"), "the zone has the focus");
    assert_eq!(inspect(&s, &CITIZEN), "CLEAR");
    let answer = s.text(&s.find(".answer").unwrap()).unwrap();
    assert!(answer.contains("LIU, YANG") && answer.contains("Mainland resident"), "{answer}");
    shot(&s, "desk-clear");

    // The next traveller: the field has the focus again after the swap.
    let focused = s.active().unwrap();
    assert_eq!(s.attribute(&focused, "name").unwrap().as_deref(), Some("mrz"));
    assert_eq!(inspect(&s, &VISITOR), "REFER");
    let answer = s.text(&s.find(".answer").unwrap()).unwrap();
    assert!(answer.contains("Visa required") && answer.contains("EEA-Law Art. 24"), "{answer}");
    shot(&s, "desk-refer");

    // Secondary inspection (Alt+3): two referrals wait, the planted hit first.
    s.type_keys(&format!("{}3", key::ALT)).unwrap();
    s.wait_for_url(|u| u.ends_with("/secondary"), WAIT).unwrap();
    assert_eq!(h1(&s), "Secondary inspection");
    assert_eq!(s.find_all("[data-row-link]").unwrap().len(), 2);
    let queue = s.text(&s.find("table.queue").unwrap()).unwrap();
    assert!(queue.contains("STOLZMANN, VIKTOR") && queue.contains("Watchlist hit"), "{queue}");
    shot(&s, "secondary-queue");
    // J moves to the first referral, Enter opens it.
    s.click(&s.find("h1").unwrap()).unwrap();
    s.type_keys("j").unwrap();
    s.type_keys(key::ENTER).unwrap();
    s.wait_for_url(|u| u.contains("/secondary/"), WAIT).unwrap();
    s.wait_for("#resolve-form", WAIT).unwrap();
    let hit = s.text(&s.find(".hits").unwrap()).unwrap();
    assert!(hit.contains("Viktor Stolzmann"), "the hit's explanation: {hit}");
    shot(&s, "secondary-detail");
    // 2 chooses "refuse" and moves to the legal basis; the article is chosen, a note typed, Ctrl+Enter.
    s.click(&s.find("h1").unwrap()).unwrap();
    s.type_keys("2").unwrap();
    let basis = s.active().unwrap();
    assert_eq!(s.attribute(&basis, "name").unwrap().as_deref(), Some("basis"));
    // The first article of the list (EEA-Law Art. 25(1)) is one key down from "choose".
    s.type_keys(key::DOWN).unwrap();
    let chosen = s.find("#resolve-basis option:checked").unwrap();
    assert_eq!(s.attribute(&chosen, "value").unwrap().as_deref(), Some("EEA-Law Art. 25(1)"));
    let note = s.find("textarea[name=note]").unwrap();
    s.send_keys(&note, &format!("red notice confirmed by the duty officer{}{}", key::CONTROL, key::ENTER))
        .unwrap();
    s.wait_for_url(|u| u.contains("/secondary?done="), WAIT).unwrap();
    let done = s.text(&s.wait_for("[data-resolved]", WAIT).unwrap()).unwrap();
    assert!(done.contains("Refused"), "{done}");
    assert_eq!(s.find_all("[data-row-link]").unwrap().len(), 1, "one referral left");

    // Chinese.
    s.click(&s.find("a.lang").unwrap()).unwrap();
    s.wait_for_url(|u| u.contains("/secondary"), WAIT).unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while h1(&s) != "二线查验" {
        assert!(std::time::Instant::now() < deadline, "the page did not switch to Chinese: {}", h1(&s));
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(s.title().unwrap().contains("国门"));
    shot(&s, "secondary-zh");
    s.type_keys(&format!("{}2", key::ALT)).unwrap();
    s.wait_for_url(|u| u.ends_with("/desk"), WAIT).unwrap();
    assert_eq!(h1(&s), "查验台");
    assert_eq!(inspect(&s, &CITIZEN), "放行");
    shot(&s, "desk-zh");
    // The dashboard counts today's crossings (two citizens at the desk) and the referral still open.
    s.type_keys(&format!("{}1", key::ALT)).unwrap();
    s.wait_for_url(|u| u.ends_with("/dashboard"), WAIT).unwrap();
    assert!(h1(&s).starts_with("口岸态势"), "{}", h1(&s));
    assert_eq!(s.text(&s.find("[data-total]").unwrap()).unwrap(), "2");
    assert_eq!(s.text(&s.find("[data-open-referrals]").unwrap()).unwrap(), "1");
    shot(&s, "dashboard-zh");

    s.quit().unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
}
