//! The command line, run as the built binary: arguments, standard input, output and exit statuses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The ICAO Doc 9303 Part 4 specimen passport.
const MRZ_TD3: [&str; 2] =
    ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
/// The Part 6 specimen TD2 card.
const MRZ_TD2: [&str; 2] = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"];

/// Runs `guomen mrz …` with `stdin` as standard input.
fn mrz_run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .arg("mrz")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn mrz_stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn mrz_json_lines(o: &Output) -> Vec<serde_json::Value> {
    mrz_stdout(o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn mrz_parse_arguments_as_json() {
    let o = mrz_run(&["parse", "--json", "--today", "2010-01-01", MRZ_TD3[0], MRZ_TD3[1]], "");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = mrz_json_lines(&o);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    let expected = [
        ("format", "TD3"),
        ("document_code", "P"),
        ("issuing_state", "UTO"),
        ("document_number", "L898902C3"),
        ("nationality", "UTO"),
        ("birth_date", "1974-08-12"),
        ("sex", "F"),
        ("expiry_date", "2012-04-15"),
        ("primary_identifier", "ERIKSSON"),
        ("secondary_identifier", "ANNA MARIA"),
        ("optional_data", "ZE184226B"),
    ];
    for (key, value) in expected {
        assert_eq!(d[key], value, "{key}: {d}");
    }
    assert_eq!(d["valid"], true);
    assert_eq!(d["possibly_truncated"], false);
    assert_eq!(d["checks"].as_array().unwrap().len(), 5);
    assert!(d["checks"].as_array().unwrap().iter().all(|c| c["ok"] == true && c["field"].is_string()));
    for key in ["errors", "warnings", "corrections"] {
        assert_eq!(d[key], serde_json::json!([]), "{key}");
    }
}

#[test]
fn mrz_parse_stdin_with_two_documents() {
    let input = format!("{}\n{}\n\n{}\r\n{}\r\n", MRZ_TD3[0], MRZ_TD3[1], MRZ_TD2[0], MRZ_TD2[1]);
    let o = mrz_run(&["parse", "--json", "--today", "2010-01-01"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let formats: Vec<String> =
        mrz_json_lines(&o).iter().map(|d| d["format"].as_str().unwrap().to_owned()).collect();
    assert_eq!(formats, ["TD3", "TD2"]);

    // The human-readable form: a verdict line per document.
    let o = mrz_run(&["parse", "--today", "2010-01-01"], &input);
    let text = mrz_stdout(&o);
    let verdicts: Vec<&str> = text.lines().filter(|l| l.starts_with("document ")).collect();
    assert_eq!(verdicts.len(), 2, "{text}");
    assert!(verdicts.iter().all(|v| v.contains("VALID") && !v.contains("INVALID")), "{text}");
}

#[test]
fn mrz_parse_exit_statuses_and_positioned_errors() {
    // A changed birth-date digit: exit 1, the error located at line 2, position 20.
    let changed = "L898902C36UTO7408132F1204159ZE184226B<<<<<10";
    let o = mrz_run(&["parse", "--json", "--today", "2010-01-01", MRZ_TD3[0], changed], "");
    assert_eq!(o.status.code(), Some(1));
    let d = &mrz_json_lines(&o)[0];
    assert_eq!(d["valid"], false);
    let e = &d["errors"][0];
    assert_eq!(
        (e["field"].as_str(), e["line"].as_u64(), e["position"].as_u64()),
        (Some("birth_date"), Some(2), Some(20))
    );
    assert_eq!(e["message"], "birth date check digit is 2, computed 3");

    // The human form names the line and position and points at the character.
    let o = mrz_run(&["parse", "--today", "2010-01-01", MRZ_TD3[0], changed], "");
    let text = mrz_stdout(&o);
    assert!(text.contains("INVALID"), "{text}");
    assert!(text.contains("line 2, position 20: birth date check digit is 2, computed 3"), "{text}");
    let caret = text.lines().find(|l| l.trim_start().starts_with('^')).unwrap();
    assert_eq!(caret.find('^'), Some(2 + 19), "{text}");

    // One valid and one invalid document on standard input: exit 1.
    let input = format!("{}\n{}\n\n{}\n{}\n", MRZ_TD3[0], MRZ_TD3[1], MRZ_TD3[0], changed);
    assert_eq!(mrz_run(&["parse", "--today", "2010-01-01"], &input).status.code(), Some(1));

    // Lenient mode repairs an O read for a 0 in the birth date and says so.
    let ocr = "L898902C36UTO74O8122F1204159ZE184226B<<<<<10";
    let o = mrz_run(&["parse", "--json", "--lenient", "--today", "2010-01-01", MRZ_TD3[0], ocr], "");
    assert_eq!(o.status.code(), Some(0));
    let c = &mrz_json_lines(&o)[0]["corrections"][0];
    assert_eq!(
        (c["line"].as_u64(), c["position"].as_u64(), c["from"].as_str(), c["to"].as_str()),
        (Some(2), Some(16), Some("O"), Some("0"))
    );

    // Usage errors: exit 2.
    assert_eq!(mrz_run(&["parse"], "").status.code(), Some(2), "nothing to read");
    assert_eq!(mrz_run(&["parse"], "\n\n  \n").status.code(), Some(2), "only blank lines");
    assert_eq!(mrz_run(&["parse", "--today", "2026-13-01", MRZ_TD3[0]], "").status.code(), Some(2));
    assert_eq!(mrz_run(&["parse", "--no-such-flag"], "").status.code(), Some(2));
    assert_eq!(mrz_run(&["make", "--format", "TD3"], "").status.code(), Some(2), "missing fields");
}

#[test]
fn mrz_parse_defaults_to_today_and_warns_of_expiry() {
    let o = mrz_run(&["parse", "--json", MRZ_TD3[0], MRZ_TD3[1]], "");
    let d = &mrz_json_lines(&o)[0];
    // The specimen expired in 2012: valid, with a warning relative to today's date.
    assert_eq!(d["valid"], true);
    assert_eq!(d["warnings"][0]["code"], "expired");
    assert!(d["reference_date"].as_str().unwrap() > "2025-01-01");
}

#[test]
fn mrz_make_prints_the_specimen_exactly() {
    let o = mrz_run(
        &[
            "make",
            "--format",
            "TD3",
            "--code",
            "P",
            "--issuer",
            "UTO",
            "--surname",
            "ERIKSSON",
            "--given",
            "ANNA MARIA",
            "--number",
            "L898902C3",
            "--nationality",
            "UTO",
            "--birth",
            "1974-08-12",
            "--sex",
            "F",
            "--expiry",
            "2012-04-15",
            "--optional",
            "ZE184226B",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(mrz_stdout(&o), format!("{}\n{}\n", MRZ_TD3[0], MRZ_TD3[1]));
}

#[test]
fn mrz_make_ukrainian_transliteration() {
    let args = |language: &'static str| {
        let mut a = vec![
            "make",
            "--format",
            "TD3",
            "--code",
            "P",
            "--issuer",
            "UTO",
            "--surname",
            "Шевченко",
            "--given",
            "Євген",
            "--number",
            "AB1234567",
            "--nationality",
            "UTO",
            "--birth",
            "1990-01-02",
            "--sex",
            "M",
            "--expiry",
            "2030-01-01",
        ];
        if !language.is_empty() {
            a.extend(["--language", language]);
        }
        a
    };
    let first_line = |o: &Output| mrz_stdout(o).lines().next().unwrap_or("").to_owned();
    let uk = mrz_run(&args("uk"), "");
    assert_eq!(uk.status.code(), Some(0), "{}", String::from_utf8_lossy(&uk.stderr));
    assert!(first_line(&uk).starts_with("P<UTOSHEVCHENKO<<YEVHEN<<<"), "{}", first_line(&uk));
    // Without --language the issuing state decides; UTO has no exceptions, so the base table applies.
    assert!(first_line(&mrz_run(&args(""), "")).starts_with("P<UTOSHEVCHENKO<<IEVGEN<<<"));
    assert_eq!(mrz_run(&args("klingon"), "").status.code(), Some(2));
    // What `make` writes, `parse` reads as valid.
    let lines: Vec<String> = mrz_stdout(&uk).lines().map(str::to_owned).collect();
    let o = mrz_run(&["parse", "--today", "2026-12-01", &lines[0], &lines[1]], "");
    assert_eq!(o.status.code(), Some(0), "{}", mrz_stdout(&o));
}

#[test]
fn mrz_make_from_a_json_file_in_every_format() {
    let docs = serde_json::json!([
        { "format": "TD1", "document_code": "I", "issuing_state": "UTO", "primary_identifier": "Eriksson",
          "secondary_identifier": "Anna María", "document_number": "D23145890", "nationality": "UTO",
          "birth_date": "1974-08-12", "sex": "F", "expiry_date": "2012-04-15" },
        { "format": "TD2", "document_code": "I", "issuing_state": "UTO", "primary_identifier": "Eriksson",
          "secondary_identifier": "Anna María", "document_number": "D23145890", "nationality": "UTO",
          "birth_date": "1974-08-12", "sex": "F", "expiry_date": "2012-04-15" },
        { "format": "TD3", "document_code": "P", "issuing_state": "UTO", "primary_identifier": "Eriksson",
          "secondary_identifier": "Anna María", "document_number": "L898902C3", "nationality": "UTO",
          "birth_date": "1974-08-12", "sex": "F", "expiry_date": "2012-04-15", "optional_data": "ZE184226B" },
        { "format": "MRV-A", "document_code": "V", "issuing_state": "UTO", "primary_identifier": "Eriksson",
          "secondary_identifier": "Anna María", "document_number": "L8988901C", "nationality": "UTO",
          "birth_date": "1974-08-12", "sex": "F", "expiry_date": "1996-12-10" },
        { "format": "MRV-B", "document_code": "V", "issuing_state": "UTO", "primary_identifier": "Eriksson",
          "secondary_identifier": "Anna María", "document_number": "L8988901C", "nationality": "UTO",
          "birth_date": "1974-08-12", "sex": "F", "expiry_date": "1996-12-10" }
    ]);
    let o = mrz_run(&["make", "--json", "-"], &docs.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = mrz_stdout(&o);
    let zones: Vec<Vec<&str>> = text.split("\n\n").map(|z| z.lines().collect()).collect();
    let shapes: Vec<(usize, usize)> = zones.iter().map(|z| (z.len(), z[0].len())).collect();
    assert_eq!(shapes, [(3, 30), (2, 36), (2, 44), (2, 44), (2, 36)], "{text}");
    assert_eq!(zones[1], MRZ_TD2);
    assert_eq!(zones[2], MRZ_TD3);
    // Every zone written reads back as valid.
    let o = mrz_run(&["parse", "--json", "--today", "1990-01-01"], &text);
    let formats: Vec<(String, bool)> = mrz_json_lines(&o)
        .iter()
        .map(|d| (d["format"].as_str().unwrap().to_owned(), d["valid"].as_bool().unwrap()))
        .collect();
    let want: Vec<(String, bool)> =
        ["TD1", "TD2", "TD3", "MRV-A", "MRV-B"].iter().map(|f| ((*f).to_owned(), true)).collect();
    assert_eq!(formats, want, "{}", mrz_stdout(&o));

    // A field that cannot be written: exit 1 with the reason; a malformed file: exit 2 with its position.
    let bad = serde_json::json!({ "format": "TD3", "document_code": "P", "issuing_state": "QQQ",
        "primary_identifier": "X", "document_number": "1", "nationality": "UTO", "birth_date": "1990",
        "sex": "M", "expiry_date": "2030-01-01" });
    let o = mrz_run(&["make", "--json", "-"], &bad.to_string());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("QQQ"));
    let o = mrz_run(&["make", "--json", "-"], "{\"format\": \"TD9\"}");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("column"), "{}", String::from_utf8_lossy(&o.stderr));
}

// ----- guomen policy: check, overstay, lint, simulate -------------------------------------------------

/// Runs `guomen policy …` from the repository root (so `policies/…` paths resolve), without a config file.
fn policy_run(args: &[&str]) -> Output {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Command::new(env!("CARGO_BIN_EXE_guomen"))
        .arg("policy")
        .args(args)
        .current_dir(root)
        .env_remove("GUOMEN_CONFIG")
        .env_remove("GUOMEN_RULES")
        .output()
        .unwrap()
}

/// `line` split at spaces, then `more` (paths that may hold spaces) appended.
fn policy_args<'a>(line: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    line.split_whitespace().chain(more.iter().copied()).collect()
}

fn policy_out(o: &Output) -> (Option<i32>, String, String) {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

/// A scratch directory, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(kind: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("guomen-{kind}-cli-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    /// A data directory inside the scratch directory.
    fn data(&self) -> String {
        self.0.join("data").display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const TRANSIT: &str = "check --nationality USA --port PVG --arrival 2026-12-01T10:00 --origin USA \
                       --onward-to KOR --onward-departure 2026-12-08T10:00 --purpose tourism";

#[test]
fn policy_check_gives_the_verdict_deadline_area_and_basis() {
    let (code, out, err) = policy_out(&policy_run(&policy_args(TRANSIT, &[])));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("yes — transit-visa-free"), "{out}");
    assert!(out.contains("cn-transit-240h"), "{out}");
    assert!(out.contains("leave by 24:00 on 11 December 2026"), "{out}");
    assert!(out.contains("请于2026年12月11日24时前离境"), "{out}");
    assert!(out.contains("240-hour transit scheme"), "the area: {out}");
    assert!(out.contains("EEA-Law Art. 22(3)"), "{out}");
    assert!(!out.contains("Trace"), "the trace only on request");

    let (code, out, _) = policy_out(&policy_run(&policy_args(TRANSIT, &["--json"])));
    assert_eq!(code, Some(0));
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["kind"], "transit-visa-free");
    assert_eq!(d["permitted_until"], "2026-12-12T00:00:00+08:00");
    assert_eq!(d["deadline"]["en"], "leave by 24:00 on 11 December");

    // Not admissible: exit 1, with what an officer would cite; the trace on request.
    let visa = "check --nationality IND --port PVG --arrival 2026-12-01T10:00 --purpose tourism";
    let (code, out, _) = policy_out(&policy_run(&policy_args(visa, &[])));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("no — visa-required"), "{out}");
    assert!(out.contains("EEA-Law Art. 24"), "{out}");
    let (code, out, _) = policy_out(&policy_run(&policy_args(visa, &["--trace"])));
    assert_eq!(code, Some(1));
    let traced = ["Trace", "cn-direct-transit-24h", "onward-ticket-missing", "nationality-not-covered"];
    assert!(traced.iter().all(|t| out.contains(t)), "{out}");
}

#[test]
fn policy_check_takes_holdings_groups_documents_and_history() {
    let base = "check --nationality IND --arrival 2026-12-01T10:00";
    // (more arguments, exit status, a part of the output)
    let cases = [
        ("--port PVG --purpose business --document port-visa-approval", 0, "yes — port-visa"),
        ("--port PVG --purpose business --visa M --visa-valid-until 2027-03-01", 0, "yes — visa"),
        ("--port PVG --purpose work --visa M --visa-valid-until 2027-03-01", 1, "no — visa-required"),
        (
            "--port HAK --origin HKG --purpose tourism --group-size 5 --organiser hk-mo-travel-agency",
            0,
            "yes — regional-visa-free",
        ),
        ("--port HAK --origin HKG --purpose tourism --group-size 5", 1, "no — visa-required"),
        (
            "--port PVG --purpose work --residence-permit-until 2027-06-30 --residence-permit-category work",
            0,
            "yes — residence-permit",
        ),
    ];
    for (more, want_code, want_text) in cases {
        let line = format!("{base} {more}");
        let (code, out, err) = policy_out(&policy_run(&policy_args(&line, &[])));
        assert_eq!(code, Some(want_code), "{more}: {out}{err}");
        assert!(out.contains(want_text), "{more}: {out}");
    }

    // Earlier stays count towards the 90-in-180 limit of a mutual agreement (Serbia): 80 days used leave a
    // shorter stay.
    let scratch = Scratch::new("policy");
    let stays = scratch.file("stays.json", r#"[{"entry": "2026-08-01", "exit": "2026-10-19"}]"#);
    let serbia = "check --nationality SRB --port PEK --arrival 2026-12-01T10:00 --purpose tourism --json";
    let until = |more: &[&str]| {
        let (code, out, err) = policy_out(&policy_run(&policy_args(serbia, more)));
        assert_eq!(code, Some(0), "{err}");
        let d: serde_json::Value = serde_json::from_str(&out).unwrap();
        d["permitted_until"].as_str().unwrap().to_owned()
    };
    let (free, capped) = (until(&[]), until(&["--history", &stays]));
    assert!(capped < free, "{capped} vs {free}");

    // A malformed history file: exit 2 with file:line:col.
    let broken = scratch.file("broken.json", "[{\"entry\": \"2026-08-01\",\n  \"exit\": nope}]");
    let (code, _, err) = policy_out(&policy_run(&policy_args(serbia, &["--history", &broken])));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(&format!("{broken}:2:")), "{err}");
}

#[test]
fn policy_check_usage_errors_exit_2() {
    let base = "check --arrival 2026-12-01T10:00 --purpose tourism";
    // (more arguments, a part of the message)
    let cases = [
        ("--nationality USA --port NOWHERE", "--port NOWHERE"),
        ("--nationality CHN --port PVG", "Chinese citizens"),
        ("--nationality QQQ --port PVG", "ICAO table"),
        ("--nationality USA --port PVG --document-type passport", "unknown document type"),
        ("--nationality USA --port PVG --organiser cn-travel-agency", "--group-size"),
        ("--nationality USA --port PVG --visa M", "--visa-valid-until"),
        ("--nationality USA --port PVG --rules no/such/dir", "no/such/dir"),
        ("--nationality USA --port PVG --arrival soon", "--arrival"),
    ];
    for (more, want) in cases {
        let line = format!("{base} {more}");
        let (code, _, err) = policy_out(&policy_run(&policy_args(&line, &[])));
        assert_eq!(code, Some(2), "{more}: {err}");
        assert!(err.contains(want), "{more}: {err}");
    }
}

#[test]
fn policy_check_with_the_2027_draft() {
    let fra = "check --nationality FRA --port PEK --arrival 2027-01-05T10:00 --purpose tourism";
    let (code, out, _) = policy_out(&policy_run(&policy_args(fra, &[])));
    assert_eq!(code, Some(1), "the shipped batch ends 2026-12-31: {out}");
    let (code, out, err) =
        policy_out(&policy_run(&policy_args(fra, &["--rules", "policies/drafts/2027-extension"])));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("yes — unilateral-visa-free") && out.contains("draft"), "{out}");
    assert!(out.contains("leave by 24:00 on 4 February 2027"), "{out}");
}

#[test]
fn policy_overstay_days_and_fines() {
    let line = "overstay --permitted-until 2026-12-12T00:00:00+08:00 --exit 2026-12-14T09:00 --json";
    let (code, out, err) = policy_out(&policy_run(&policy_args(line, &[])));
    assert_eq!(code, Some(0), "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    let numbers = ["overstay_days", "fine_min_cny", "fine_max_cny"].map(|k| o[k].as_u64().unwrap());
    assert_eq!(numbers, [3, 0, 1500], "{o}");
    // (arguments, exit status, a part of the output or the error)
    let cases = [
        (
            "overstay --permitted-until 2026-12-12T00:00 --exit 2027-03-01T10:00 --port SZ-LUOHU",
            0,
            "80 days, 2026-12-12 to 2027-03-01",
        ),
        ("overstay --permitted-until 2026-12-12T00:00 --exit 2027-03-01T10:00", 0, "0–10000 CNY"),
        ("overstay --permitted-until 2026-12-12T00:00 --exit 2026-12-11T22:00", 0, "none"),
        ("overstay --permitted-until 2026-12-12 --exit 2026-12-13 --port NOWHERE", 2, "NOWHERE"),
        ("overstay --permitted-until 2026-12-12 --exit later", 2, "--exit"),
    ];
    for (line, want_code, want_text) in cases {
        let (code, out, err) = policy_out(&policy_run(&policy_args(line, &[])));
        assert_eq!(code, Some(want_code), "{line}: {out}{err}");
        assert!(out.contains(want_text) || err.contains(want_text), "{line}: {out}{err}");
    }
}

#[test]
fn policy_lint_reports_every_problem_with_its_position() {
    // (arguments, a part of the output): all valid, exit 0.
    let cases = [
        ("lint", "ok: cn@"),
        ("lint policies/cn", "(8 files)"),
        ("lint policies/cn", "weaker than OK"),
        ("lint policies/drafts/2027-extension", "DRAFT, not in force"),
    ];
    for (line, want) in cases {
        let (code, out, err) = policy_out(&policy_run(&policy_args(line, &[])));
        assert_eq!(code, Some(0), "{line}: {err}");
        assert!(out.contains(want), "{line}: {out}");
    }

    // A copy of the shipped set with one broken file: exit 1, each problem as file:line:col: reason.
    let scratch = Scratch::new("policy");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/cn");
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        scratch.file(&path.file_name().unwrap().to_string_lossy(), &std::fs::read_to_string(&path).unwrap());
    }
    let bad = scratch.file(
        "zz-local.toml",
        "[[scheme]]\nid = \"x-local\"\nkind = \"unilateral-visa-free\"\n\
         ports = [\"NOWHERE\"]\nmax_stay = \"thirty days\"\n",
    );
    let dir = scratch.0.display().to_string();
    let (code, _, err) = policy_out(&policy_run(&["lint", &dir]));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("{bad}:4:10: port \"NOWHERE\" is not in the port registry")), "{err}");
    assert!(err.contains(&format!("{bad}:5:")), "{err}");
    assert!(err.contains("problems"), "{err}");
    let (code, out, _) = policy_out(&policy_run(&["lint", &dir, "--json"]));
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["diagnostics"].as_array().unwrap().iter().any(|d| d["line"] == 4 && d["column"] == 10), "{v}");
    // The same set is refused by `check --rules`, with the same positions.
    let (code, _, err) = policy_out(&policy_run(&policy_args(TRANSIT, &["--rules", &dir])));
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{bad}:4:10")), "{err}");

    // A directory that does not exist is a usage error, not a lint failure.
    let (code, _, err) = policy_out(&policy_run(&["lint", "no/such/dir"]));
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn policy_simulate_reports_changes_by_nationality_and_port() {
    let scratch = Scratch::new("policy");
    let arrivals = scratch.file(
        "arrivals.csv",
        "nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size\n\
         FRA,PEK,2027-01-05T10:00,FRA,,,tourism,,\n\
         FRA,PEK,2026-12-20T10:00,FRA,,,tourism,,\n\
         FRA,PVG,2027-02-01T09:00,FRA,KOR,2027-02-05T10:00,tourism,,\n\
         USA,PVG,2027-02-01T09:00,USA,KOR,2027-02-05T10:00,tourism,,\n\
         IND,PEK,2027-02-01T09:00,IND,,,business,,\n",
    );
    let draft = "simulate --rules policies/drafts/2027-extension --arrivals";
    let (code, out, err) = policy_out(&policy_run(&policy_args(draft, &[&arrivals])));
    assert_eq!(code, Some(0), "{err}");
    let expected = [
        "5 replayed: 3 unchanged, 2 changed",
        "FRA at PEK: 1 of 2 changed",
        "1 × visa-required → unilateral-visa-free (cn-unilateral)",
        "FRA at PVG: 1 of 1 changed",
        "1 × transit-visa-free (cn-transit-240h) → unilateral-visa-free (cn-unilateral)",
        "2 nationality/port group(s) without changes",
    ];
    for want in expected {
        assert!(out.contains(want), "{want}: {out}");
    }

    let (code, out, _) =
        policy_out(&policy_run(&policy_args(draft, &[&arrivals, "--baseline", "policies/cn", "--json"])));
    assert_eq!(code, Some(0));
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["totals"]["total"], 5);
    assert_eq!(r["totals"]["newly_admissible"], 1);
    assert_eq!(r["totals"]["changed_kind"], 1);
    assert!(r["draft"].as_str().unwrap().contains("draft"));

    // A bad arrivals file: exit 2, every bad field as file:line:col.
    let bad = scratch.file(
        "bad.csv",
        "nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size\n\
         FRA,PEK,yesterday,,,,partying,,\n",
    );
    let (code, _, err) = policy_out(&policy_run(&policy_args(draft, &[&bad])));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(&format!("{bad}:2:3: arrival")), "{err}");
    assert!(err.contains(&format!("{bad}:2:7: purpose")), "{err}");
}

#[test]
fn policy_serve_loads_the_rule_set_or_refuses_to_start() {
    use std::io::Read;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scratch = Scratch::new("policy");
    let rules = scratch.0.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for entry in std::fs::read_dir(root.join("policies/cn")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(rules.join("zz-local.toml"), "[[scheme]]\nid = \"x\"\nports = [\"NOWHERE\"]\n").unwrap();
    let data = scratch.0.join("data");
    let serve = |extra: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_guomen"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .args(extra)
            .env("GUOMEN_LOG", "warn")
            .env_remove("GUOMEN_RULES")
            .env_remove("GUOMEN_CONFIG")
            .output()
            .unwrap()
    };
    // From the flag and from the configuration file: no start, and every problem with file:line:col.
    let config = scratch.file("guomen.toml", &format!("rules = {:?}\n", rules.display().to_string()));
    let from_flag = serve(&["--rules".as_ref(), rules.as_os_str()]);
    let from_config = serve(&["--config".as_ref(), config.as_ref()]);
    for o in [from_flag, from_config] {
        let (code, _, err) = policy_out(&o);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("does not load"), "{err}");
        assert!(err.contains(&format!("{}:3:10", rules.join("zz-local.toml").display())), "{err}");
    }

    // A valid draft is served: the public self-check answers from it (FRA in 2027 only under the draft).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&data)
        .args(["--rules", "policies/drafts/2027-extension"])
        .current_dir(&root)
        .env("GUOMEN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let query = "/selfcheck?nationality=FRA&port=PEK&date=2027-01-05&time=10%3A00&purpose=tourism";
    let started = std::time::Instant::now();
    let mut page = String::new();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let head = "Host: 127.0.0.1\r\nAccept-Language: en\r\nConnection: close\r\n";
            write!(s, "GET {query} HTTP/1.1\r\n{head}\r\n").unwrap();
            page.clear();
            let _ = s.read_to_string(&mut page);
            if page.starts_with("HTTP/1.1 200") {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.contains("sc-yes") && page.contains("draft.2027-extension"), "{page}");
}

// ----- guomen screen, guomen watchlist ------------------------------------------------------------------

const SCREEN_HEADER: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list";

fn screen_list() -> String {
    format!(
        "{SCREEN_HEADER}\n\
         W-1,Юрий Щербаков|Yuriy Shcherbakov,1970-01-02,M,RUS,E1234567,wanted,refer,,,demo\n\
         W-2,Halvard Ostmark,1955-05-05,M,NOR,,entry-ban,refer,2019-01-01,2020-12-31,demo\n"
    )
}

/// Runs `guomen …` without a configuration file or data settings from the environment.
fn screen_run(args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .args(args)
        .env_remove("GUOMEN_CONFIG")
        .env_remove("GUOMEN_DATA")
        .env_remove("GUOMEN_DATABASE_URL")
        .env("GUOMEN_LOG", "warn")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn screen_hit_ids(json_line: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json_line.trim()).unwrap();
    v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn screen_one_person_with_explained_hits_and_exit_statuses() {
    let s = Scratch::new("screen");
    let list = s.file("list.csv", &screen_list());
    // An MRZ name in another romanisation, with a birth year: a hit, exit 1, every field of the hit.
    let (code, out, err) = screen_run(&[
        "screen",
        "--list",
        &list,
        "--name",
        "SHCHERBAKOV<<IURII",
        "--birth-date",
        "1970",
        "--json",
    ]);
    assert_eq!(code, Some(1), "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let hit = &v["hits"][0];
    for key in ["id", "score", "matched_name", "alert_type", "action", "explanation"] {
        assert!(!hit[key].is_null(), "{key}: {v}");
    }
    assert_eq!(
        (hit["id"].as_str(), hit["alert_type"].as_str(), hit["action"].as_str()),
        (Some("W-1"), Some("wanted"), Some("refer"))
    );
    assert!(hit["explanation"]["summary"].as_str().unwrap().contains("SHCHERBAKOV"), "{v}");
    // The human form: the count, the hit and its explanation.
    let (code, out, _) =
        screen_run(&["screen", "--list", &list, "--name", "SHCHERBAKOV<<IURII", "--birth-date", "1970"]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("1 hit(s)") && out.contains("W-1") && out.contains("wanted → refer"), "{out}");
    assert!(out.lines().nth(2).unwrap().contains("score"), "{out}");
    // No hit: exit 0.
    let (code, out, _) = screen_run(&["screen", "--list", &list, "--name", "Nobody Atall", "--json"]);
    assert_eq!((code, screen_hit_ids(&out)), (Some(0), vec![]));
    // A document number alone, however it is written.
    let (code, out, _) = screen_run(&["screen", "--list", &list, "--document", "e 123-4567", "--json"]);
    assert_eq!((code, screen_hit_ids(&out)), (Some(1), vec!["W-1".to_owned()]));
    // The threshold decides; the validity window applies on the day of screening (today by default).
    let typo = ["screen", "--list", &list, "--name", "Yuriy Shcherbakow", "--json", "--threshold"];
    let (code, _, _) = screen_run(&[&typo[..], &["1"]].concat());
    assert_eq!(code, Some(0));
    let (code, _, _) = screen_run(&[&typo[..], &["0.5"]].concat());
    assert_eq!(code, Some(1));
    let halvard =
        ["screen", "--list", &list, "--name", "Halvard Ostmark", "--birth-date", "1955-05-05", "--json"];
    assert_eq!(screen_run(&halvard).0, Some(0));
    assert_eq!(screen_run(&[&halvard[..], &["--as-of", "2020-06-01"]].concat()).0, Some(1));
    // Could not screen: exit 2, with the reason (every bad line of a bad list).
    let bad = s.file("bad.csv", &format!("{SCREEN_HEADER}\nW-1,Ann Lee,1970,F,GBR,,wanted,refer,,,demo\nW-2,,1970,M,D,,wanted,refer,,,demo\n"));
    let (code, _, err) = screen_run(&["screen", "--list", &bad, "--name", "Ann Lee"]);
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{bad}:3: no name")), "{err}");
    let other = s.file("list.txt", &screen_list());
    let (code, _, err) = screen_run(&["screen", "--list", &other, "--name", "Ann Lee"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--format"), "{err}");
    assert_eq!(screen_run(&["screen", "--list", &other, "--format", "csv", "--name", "Ann Lee"]).0, Some(0));
    assert_eq!(screen_run(&["screen", "--list", "/nonexistent/list.csv", "--name", "Ann Lee"]).0, Some(2));
    assert_eq!(screen_run(&["screen", "--list", &list]).0, Some(2), "neither a name nor queries");
    assert_eq!(screen_run(&["screen", "--list", &list, "--name", "A", "--threshold", "2"]).0, Some(2));
    // Two files, one id: refused.
    let (code, _, err) = screen_run(&["screen", "--list", &list, "--list", &list, "--name", "Ann Lee"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("W-1"), "{err}");
}

#[test]
fn screen_a_batch_as_json_lines_with_statistics() {
    let s = Scratch::new("screen");
    let list = s.file("list.csv", &screen_list());
    let jsonl = s.file(
        "more.jsonl",
        "{\"id\":\"J-1\",\"names\":[\"Mateus Carvalho\"],\"birth_dates\":[\"1988-08-08\"],\"alert_type\":\"notify\",\"action\":\"notify\",\"list\":\"extra\"}\n",
    );
    let queries = s.file(
        "queries.csv",
        "id,name,birth_date,sex,nationality,document_number\n\
         q1,Yuriy Shcherbakov,1970-01-02,M,RUS,\n\
         q2,Ingrid Solvang,1990,F,NOR,\n\
         q3,,,,,E1234567\n\
         q4,Mateus Carvalho,1988-08-08,,,\n",
    );
    let (code, out, err) = screen_run(&[
        "screen",
        "--list",
        &list,
        "--list",
        &jsonl,
        "--queries",
        &queries,
        "--json",
        "--stats",
    ]);
    assert_eq!(code, Some(1), "{err}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got: Vec<(String, Vec<String>)> = lines
        .iter()
        .map(|l| {
            let ids =
                l["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect();
            (l["query_id"].as_str().unwrap().to_owned(), ids)
        })
        .collect();
    let want = [("q1", vec!["W-1"]), ("q2", vec![]), ("q3", vec!["W-1"]), ("q4", vec!["J-1"])]
        .map(|(q, ids)| (q.to_owned(), ids.into_iter().map(str::to_owned).collect::<Vec<_>>()));
    assert_eq!(got, want);
    let stats: serde_json::Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(stats["index"]["entries"], 3, "{stats}");
    assert!(stats["index"]["build_ms"].as_f64().is_some(), "{stats}");
    assert_eq!(stats["latency"]["queries"], 4, "{stats}");
    assert!(stats["latency"]["p99_us"].as_f64().unwrap() >= stats["latency"]["p50_us"].as_f64().unwrap());
    // The human form, with its statistics on standard error.
    let (code, out, err) = screen_run(&["screen", "--list", &list, "--queries", &queries, "--stats"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("q1: 1 hit(s)") && out.contains("q2: no hit"), "{out}");
    assert!(err.contains("built in") && err.contains("median") && err.contains("p99"), "{err}");
    // A batch without a hit exits 0; a bad queries file names its line and exits 2.
    let clean = s.file(
        "clean.csv",
        "id,name,birth_date,sex,nationality,document_number\nq1,Ingrid Solvang,1990,F,NOR,\n",
    );
    assert_eq!(screen_run(&["screen", "--list", &list, "--queries", &clean, "--json"]).0, Some(0));
    let broken = s.file(
        "broken.csv",
        "id,name,birth_date,sex,nationality,document_number\nq1,Ann Lee,1990-13-01,F,,\n",
    );
    let (code, _, err) = screen_run(&["screen", "--list", &list, "--queries", &broken]);
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{broken}:2:")), "{err}");
    // Queries exclude the single-person options.
    assert_eq!(screen_run(&["screen", "--list", &list, "--queries", &clean, "--name", "X"]).0, Some(2));
}

#[test]
fn watchlist_import_list_and_remove_in_the_data_directory() {
    let s = Scratch::new("screen");
    let data = s.data();
    let wl = |args: &[&str]| screen_run(&[&["--data", data.as_str(), "watchlist"][..], args].concat());
    let list = s.file("list.csv", &screen_list());
    let (code, out, err) = wl(&["import", &list]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), "demo: 2 added, 0 changed, 0 removed, 0 unchanged → version 1");
    // A new version of the list: one entry changed, one gone (replace is the default).
    let next = s.file(
        "next.csv",
        &format!("{SCREEN_HEADER}\nW-1,Yuriy Shcherbakov,1970-01-02,M,RUS,E1234567,wanted,refer,,,demo\n"),
    );
    let (code, out, _) = wl(&["import", &next, "--json"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let c = &v["lists"][0];
    assert_eq!(
        (c["changed"].as_u64(), c["removed"].as_u64(), c["version"].as_i64()),
        (Some(1), Some(1), Some(2)),
        "{v}"
    );
    // Merge adds to a list named on the command line, whatever the file says.
    let more = s.file(
        "more.ndjson",
        "{\"id\":\"J-1\",\"names\":\"Mateus Carvalho\",\"alert_type\":\"notify\",\"action\":\"notify\"}\n",
    );
    let (code, out, err) = wl(&["import", &more, "--list", "demo", "--merge"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("demo: 1 added, 0 changed, 0 removed, 0 unchanged → version 3"), "{out}");
    // A bad file changes nothing and names every bad line.
    let bad = s.file("bad.csv", &format!("{SCREEN_HEADER}\nW-7,,1970,M,D,,wanted,refer,,,demo\nW-8,Ann Lee,1970,F,GBR,,wanted,maybe,,,demo\n"));
    let (code, _, err) = wl(&["import", &bad]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{bad}:2: no name")) && err.contains(&format!("{bad}:3: invalid action")),
        "{err}"
    );
    // FollowTheMoney needs a list name; non-persons are left out.
    let ftm = s.file(
        "entities.ftm.json",
        "{\"id\":\"os-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ravil Gainutdinov\"]}}\n{\"id\":\"os-2\",\"schema\":\"Company\",\"properties\":{\"name\":[\"X LLC\"]}}\n",
    );
    assert_eq!(wl(&["import", &ftm]).0, Some(2));
    let (code, out, _) = wl(&["import", &ftm, "--list", "sanctions", "--alert-type", "notify"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("sanctions: 1 added") && out.contains("1 FollowTheMoney entities that are not persons"),
        "{out}"
    );
    // An id another list holds is refused, naming it.
    let clash =
        s.file("clash.csv", &format!("{SCREEN_HEADER}\nW-1,Someone Else,1970,M,D,,wanted,refer,,,other\n"));
    let (code, _, err) = wl(&["import", &clash]);
    assert_eq!(code, Some(1));
    assert!(err.contains("\"W-1\" (on demo)"), "{err}");
    // An unknown extension needs --format.
    let txt = s.file("list.txt", &screen_list());
    assert_eq!(wl(&["import", &txt]).0, Some(2));
    // The lists, then removals.
    let (code, out, _) = wl(&["list", "--json"]);
    assert_eq!(code, Some(0));
    let lists: serde_json::Value = serde_json::from_str(&out).unwrap();
    let summary: Vec<(String, i64, i64)> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["version"].as_i64().unwrap(),
                l["entries"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(summary, [("demo".to_owned(), 3, 2), ("sanctions".to_owned(), 1, 1)]);
    let (code, out, _) = wl(&["remove", "demo", "W-1"]);
    assert_eq!((code, out.trim()), (Some(0), "removed W-1 from demo (list version 4)"));
    assert_eq!(wl(&["remove", "demo", "W-1"]).0, Some(1));
    let (_, out, _) = wl(&["list"]);
    assert!(
        out.lines().any(|l| l.starts_with("demo") && l.contains("version 4") && l.contains(" 1 entries")),
        "{out}"
    );
}

#[test]
fn watchlist_import_reaches_a_running_server() {
    use std::io::Read;
    let s = Scratch::new("screen");
    let data = s.data();
    let (code, token, err) =
        screen_run(&["--data", &data, "token", "create", "--role", "officer", "--port", "PVG"]);
    assert_eq!(code, Some(0), "{err}");
    let token = token.trim().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .args(["--data", &data, "serve", "--listen", &format!("127.0.0.1:{port}")])
        .env_remove("GUOMEN_CONFIG")
        .env("GUOMEN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let screen = || -> Option<String> {
        let body = r#"{"name":"Yuriy Shcherbakov","birth_date":"1970-01-02"}"#;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            s,
            "POST /api/v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .ok()?;
        let mut answer = String::new();
        s.read_to_string(&mut answer).ok()?;
        answer.starts_with("HTTP/1.1 200").then_some(answer)
    };
    let wait = |want_hit: bool| {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(60) {
            if let Some(a) = screen()
                && a.contains("\"W-1\"") == want_hit
            {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        false
    };
    let up = wait(false);
    let list = s.file("list.csv", &screen_list());
    let (code, _, err) = screen_run(&["--data", &data, "watchlist", "import", &list]);
    let reached = wait(true);
    let _ = child.kill();
    let _ = child.wait();
    assert!(up, "the server did not answer");
    assert_eq!(code, Some(0), "{err}");
    assert!(reached, "the imported list did not reach the running server");
}

// ----- guomen paxlst: parse, make --------------------------------------------------------------------

/// A guide example of the PAXLST implementation guide, by number (`5.1`, `5.2`, `5.3`).
fn paxlst_example(n: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../paxlst/tests/data/guide_example_{n}.edi"));
    path.display().to_string()
}

/// Runs `guomen paxlst …` with `stdin`; returns the exit status, standard output and standard error.
fn paxlst_run(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guomen"))
        .arg("paxlst")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

#[test]
fn paxlst_parse_json_of_the_guide_examples() {
    // (example, reference day, warning codes, persons)
    let cases: [(&str, &str, &[&str], usize); 3] = [
        ("5.1", "2013-06-20", &["cnt-mismatch"], 1),
        ("5.2", "2013-06-20", &["unt-segment-count", "cnt-mismatch"], 1),
        ("5.3", "2014-07-08", &[], 2),
    ];
    for (n, today, warnings, persons) in cases {
        let (code, out, err) = paxlst_run(&["parse", &paxlst_example(n), "--json", "--today", today], "");
        assert_eq!(code, Some(0), "{n}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for key in ["interchange", "messages", "errors", "warnings"] {
            assert!(v.get(key).is_some(), "{n}: no {key}");
        }
        assert_eq!(v["errors"], serde_json::json!([]), "{n}");
        let got: Vec<&str> =
            v["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
        for w in warnings {
            assert!(got.contains(w), "{n}: {got:?}");
        }
        assert_eq!(v["messages"][0]["persons"].as_array().unwrap().len(), persons, "{n}");
    }
    let (_, out, _) = paxlst_run(&["parse", &paxlst_example("5.1"), "--json", "--today", "2013-06-20"], "");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["messages"][0]["persons"][0]["surname"], "WILLIAMS");
    assert_eq!(v["messages"][0]["persons"][0]["segments"], serde_json::json!([13, 30]));
}

#[test]
fn paxlst_parse_strict_and_garbled_exit_1_naming_the_segment() {
    let (code, out, _) =
        paxlst_run(&["parse", &paxlst_example("5.1"), "--strict", "--json", "--today", "2013-06-20"], "");
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"][0]["code"], "cnt-mismatch");
    assert_eq!(v["errors"][0]["tag"], "CNT");
    // A garbled birth date, read from standard input, in the human summary.
    let text =
        std::fs::read_to_string(paxlst_example("5.3")).unwrap().replace("DTM+329:680223", "DTM+329:68X223");
    let (code, out, _) = paxlst_run(&["parse", "-", "--today", "2014-07-08"], &text);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("error: segment 20 (DTM)") && out.contains("[bad-date]") && out.contains("refused"),
        "{out}"
    );
}

#[test]
fn paxlst_parse_human_summary() {
    let text = std::fs::read_to_string(paxlst_example("5.3")).unwrap();
    let (code, out, err) = paxlst_run(&["parse", "-", "--today", "2014-07-08"], &text);
    assert_eq!(code, Some(0), "{err}");
    for want in [
        "interchange 123456789 from XYZAIRLINES to CUSTOMS",
        "message 123",
        "passenger list",
        "flight XZ877 BCN 2014-07-08T11:00 → IAD 2014-07-08T17:00",
        "2 person(s) (CNT 2)",
        "MARTINEZ, JULIO XAVIER, born 1968-02-23, P YY3478621 (ESP)",
        "accepted: 0 error(s), 0 warning(s)",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // Without --today the reference day is today in China: still readable.
    let (code, _, _) = paxlst_run(&["parse", &paxlst_example("5.3")], "");
    assert_eq!(code, Some(0));
}

#[test]
fn paxlst_usage_errors_exit_2() {
    let (code, _, err) = paxlst_run(&["parse", "/no/such/file.edi"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read /no/such/file.edi"), "{err}");
    let (code, _, _) = paxlst_run(&["parse"], "");
    assert_eq!(code, Some(2));
    let (code, _, _) = paxlst_run(&["parse", "x.edi", "--today", "2026-13-01"], "");
    assert_eq!(code, Some(2));
    let (code, _, err) = paxlst_run(&["make", "-"], "{\"messages\": 7}");
    assert_eq!(code, Some(2));
    assert!(err.contains("line 1, column"), "{err}");
}

#[test]
fn paxlst_make_writes_what_parse_reads() {
    let dir = std::env::temp_dir().join(format!("guomen-paxlst-cli-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_, json, _) = paxlst_run(&["parse", &paxlst_example("5.3"), "--json", "--today", "2014-07-08"], "");
    let file = dir.join("manifest.json");
    std::fs::write(&file, &json).unwrap();
    let (code, edi, err) = paxlst_run(&["make", file.to_str().unwrap()], "");
    assert_eq!(code, Some(0), "{err}");
    assert!(edi.starts_with("UNB+UNOA:4+XYZAIRLINES+CUSTOMS+"), "{edi}");
    // The written interchange reads back to the same persons, with every count right.
    let (code, again, err) = paxlst_run(&["parse", "-", "--json", "--strict", "--today", "2014-07-08"], &edi);
    assert_eq!(code, Some(0), "{err}");
    let before: serde_json::Value = serde_json::from_str(&json).unwrap();
    let after: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(after["warnings"], serde_json::json!([]));
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["messages"][0]["persons"].as_array().unwrap().iter().map(|p| p["surname"].to_string()).collect()
    };
    assert_eq!(names(&before), names(&after));
    assert_eq!(
        before["messages"][0]["persons"][1]["documents"],
        after["messages"][0]["persons"][1]["documents"]
    );
    // From standard input too.
    let (code, edi2, _) = paxlst_run(&["make", "-"], &json);
    assert_eq!((code, edi2), (Some(0), edi));
    let _ = std::fs::remove_dir_all(&dir);
}
