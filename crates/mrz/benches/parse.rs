//! Throughput of reading (parse + every check) per format, over 100k generated TD3s, and of building the
//! JSON-shaped report and writing zones. Run with `cargo bench -p mrz`; figures are in `docs/bench-mrz.md`.

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use jiff::civil::{Date, date};
use mrz::{BirthDate, DocumentFields, Format, Language, Mode, Mrz, ParseOptions, Sex, to_mrz};

fn main() {
    divan::main();
}

const TODAY: Date = date(2026, 12, 2);

fn fields(format: Format, i: u64) -> DocumentFields {
    let code = match format {
        Format::Td3 => "PP",
        Format::MrvA | Format::MrvB => "V",
        _ => "ID",
    };
    // A small deterministic generator: the benchmark must see varied documents, not one zone repeated.
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let letters = |len: u64, next: &mut dyn FnMut(u64) -> u64| -> String {
        (0..len).map(|_| char::from(b'A' + next(26) as u8)).collect()
    };
    let surname = letters(3 + next(8), &mut next);
    let given = format!("{} {}", letters(2 + next(6), &mut next), letters(2 + next(5), &mut next));
    let number: String = (0..9)
        .map(|_| {
            let v = next(36) as u8;
            char::from(if v < 10 { b'0' + v } else { b'A' + v - 10 })
        })
        .collect();
    let states = ["UTO", "CHN", "D", "FRA", "USA", "HKG", "GBR", "XXA", "JPN", "KOR"];
    let birth = date(1930 + next(90) as i16, 1 + next(12) as i8, 1 + next(28) as i8);
    let expiry = date(2027 + next(10) as i16, 1 + next(12) as i8, 1 + next(28) as i8);
    DocumentFields {
        format,
        document_code: code.into(),
        issuing_state: states[next(10) as usize].into(),
        primary_identifier: surname,
        secondary_identifier: given,
        document_number: number,
        nationality: states[next(10) as usize].into(),
        birth_date: BirthDate::Known(birth),
        sex: if next(2) == 0 { Sex::Female } else { Sex::Male },
        expiry_date: expiry,
        optional_data: if format == Format::Td3 { letters(next(10), &mut next) } else { String::new() },
        optional_data_2: String::new(),
    }
}

/// `n` generated zones, laid out as a batch file would be: one contiguous text, one line per MRZ line.
struct Batch {
    text: String,
    width: usize,
    lines: usize,
    zones: usize,
}

impl Batch {
    fn new(format: Format, n: u64) -> Batch {
        let mut text = String::new();
        let mut zones = 0;
        for i in 0..n {
            if let Ok(lines) = to_mrz(&fields(format, i), Language::Default) {
                for l in lines {
                    text.push_str(&l);
                }
                zones += 1;
            }
        }
        Batch { text, width: format.width(), lines: format.lines(), zones }
    }

    /// Reads every zone, slicing its lines out of the text on the fly (as a batch reader would).
    fn read_all(&self, opts: &ParseOptions) -> usize {
        let size = self.width * self.lines;
        let mut valid = 0;
        for z in 0..self.zones {
            let mut lines = [""; 3];
            for (l, slot) in lines.iter_mut().enumerate().take(self.lines) {
                let at = z * size + l * self.width;
                *slot = self.text.get(at..at + self.width).unwrap_or("");
            }
            if let Ok(m) = Mrz::parse(black_box(&lines[..self.lines]), opts) {
                valid += usize::from(m.is_valid());
            }
        }
        valid
    }

    /// The zones as line slices into the text (for the report benchmarks).
    fn zones(&self) -> Vec<[&str; 3]> {
        let size = self.width * self.lines;
        (0..self.zones)
            .map(|z| {
                let mut out = [""; 3];
                for (l, slot) in out.iter_mut().enumerate().take(self.lines) {
                    let at = z * size + l * self.width;
                    *slot = &self.text[at..at + self.width];
                }
                out
            })
            .collect()
    }
}

/// Parse + validate, 1,000 distinct zones per iteration, per format.
#[divan::bench(args = [Format::Td1, Format::Td2, Format::Td3, Format::MrvA, Format::MrvB])]
fn parse_validate(bencher: Bencher<'_, '_>, format: Format) {
    let batch = Batch::new(format, 1_000);
    let opts = ParseOptions::new(TODAY);
    assert_eq!(batch.read_all(&opts), batch.zones);
    bencher.counter(ItemsCount::new(batch.zones)).bench(|| batch.read_all(&opts));
}

/// Parse + validate 100,000 generated TD3s per iteration (the target: ≥ 5 million per second).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn td3_100k(bencher: Bencher<'_, '_>) {
    let batch = Batch::new(Format::Td3, 100_000);
    let opts = ParseOptions::new(TODAY);
    assert_eq!(batch.read_all(&opts), batch.zones);
    bencher.counter(ItemsCount::new(batch.zones)).bench(|| batch.read_all(&opts));
}

/// The same 100k TD3s in lenient mode (no repair needed: measures the cost of looking).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn td3_100k_lenient(bencher: Bencher<'_, '_>) {
    let batch = Batch::new(Format::Td3, 100_000);
    let opts = ParseOptions::new(TODAY).mode(Mode::Lenient);
    assert_eq!(batch.read_all(&opts), batch.zones);
    bencher.counter(ItemsCount::new(batch.zones)).bench(|| batch.read_all(&opts));
}

/// Parse + validate + the owned, JSON-shaped `Report` (what the CLI and API build), 1,000 TD3s.
#[divan::bench]
fn td3_report(bencher: Bencher<'_, '_>) {
    let batch = Batch::new(Format::Td3, 1_000);
    let zones = batch.zones();
    let opts = ParseOptions::new(TODAY);
    bencher.counter(ItemsCount::new(zones.len())).bench(|| {
        let mut valid = 0;
        for z in &zones {
            valid += usize::from(mrz::parse(black_box(&z[..2]), &opts).valid);
        }
        valid
    });
}

/// Report serialised to JSON, 1,000 TD3s.
#[divan::bench]
fn td3_report_json(bencher: Bencher<'_, '_>) {
    let batch = Batch::new(Format::Td3, 1_000);
    let zones = batch.zones();
    let opts = ParseOptions::new(TODAY);
    bencher.counter(ItemsCount::new(zones.len())).bench(|| {
        let mut bytes = 0;
        for z in &zones {
            bytes += serde_json::to_vec(&mrz::parse(black_box(&z[..2]), &opts)).map_or(0, |v| v.len());
        }
        bytes
    });
}

/// Writing zones (transliteration, truncation rules, check digits), 1,000 TD3s.
#[divan::bench]
fn td3_write(bencher: Bencher<'_, '_>) {
    let all: Vec<DocumentFields> = (0..1_000).map(|i| fields(Format::Td3, i)).collect();
    bencher
        .counter(ItemsCount::new(all.len()))
        .bench(|| all.iter().filter_map(|f| to_mrz(black_box(f), Language::Default).ok()).count());
}
