//! Micro-benchmarks of the matcher on a small deterministic synthetic index (the full 1M-entry
//! evaluation with recall and false hits is `screening-eval`; see docs/bench-screening.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use screening::{Action, AlertType, Entry, Index, MatchConfig, Query, ScreenContext};

fn main() {
    divan::main();
}

const GIVEN: &[&str] = &["JOHN", "MARIA", "AHMED", "WEI", "IVAN", "ANNA", "JOSE", "FATIMA", "MIN", "ELENA"];
const FAMILY: &[&str] =
    &["SMITH", "GARCIA", "AL-RASHID", "ZHANG", "PETROV", "MUELLER", "KIM", "NGUYEN", "SILVA"];
const SCRIPTS: &[&str] = &["张伟", "Юрий Щербаков", "محمد الرشيد", "김민준", "Γιώργος Παπαδόπουλος"];

/// 50,000 entries: common names combined with numbered rare surnames, plus native-script aliases.
fn index() -> Index {
    let mut entries = Vec::new();
    for i in 0..50_000usize {
        let given = GIVEN[i % GIVEN.len()];
        let family = FAMILY[(i / GIVEN.len()) % FAMILY.len()];
        let rare: String = format!("{}{}", ["KOR", "BAL", "TES", "MIR", "DAN"][i % 5], base26(i));
        let mut names = vec![format!("{given} {family} {rare}")];
        if i % 7 == 0 {
            names.push(SCRIPTS[i % SCRIPTS.len()].to_owned());
        }
        entries.push(Entry {
            id: format!("B{i:06}"),
            names,
            birth_dates: vec![
                format!("{}-{:02}-{:02}", 1940 + i % 60, 1 + i % 12, 1 + i % 28).parse().unwrap(),
            ],
            sex: None,
            nationalities: vec![],
            document_numbers: vec![],
            alert_type: AlertType::EntryBan,
            action: Action::Refer,
            valid_from: None,
            valid_to: None,
            list: "bench".into(),
            authority: None,
            legal_basis: None,
        });
    }
    Index::build(entries).unwrap()
}

fn base26(mut n: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return s;
        }
    }
}

#[divan::bench(args = ["JOHN SMITH", "CHEUNG WEI", "MUHAMMAD ALRASHID", "IURII SHCHERBAKOV", "MARIA GARCIA KORBC"])]
fn screen(bencher: divan::Bencher<'_, '_>, name: &str) {
    let index = index();
    let config = MatchConfig::default();
    let query = Query {
        name: Some(name.to_owned()),
        birth_date: Some("1970-05-05".parse().unwrap()),
        ..Query::default()
    };
    bencher.bench_local(|| index.screen(divan::black_box(&query), &ScreenContext::new(&config)));
}

#[divan::bench(args = ["Jürgen Müller", "张伟", "محمد بن سلمان", "Щербаков Юрий Петрович"])]
fn normalize(name: &str) -> names::NameForm {
    names::normalize(divan::black_box(name))
}
