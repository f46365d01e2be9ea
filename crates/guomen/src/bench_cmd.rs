//! `guomen bench seed-history`: loads a national-scale synthetic history (millions of earlier movements of
//! millions of travellers) straight into the store, for the load benchmark in docs/benchmarks.md. The
//! travellers are synthetic and the movements closed (no open stays), so the statistics tables fill as
//! they would after years of operation.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use domain::{Category, Direction, Lane, Principal};
use jiff::{SignedDuration, Timestamp};
use store::{HistoricMovement, HistoricTraveller};
use synth::Rng;

use crate::cli::Global;
use crate::config::Settings;

#[derive(Debug, Args)]
pub struct SeedHistoryArgs {
    /// Earlier movements to load.
    #[arg(long, default_value_t = 10_000_000)]
    pub movements: u64,
    /// Distinct travellers they belong to.
    #[arg(long, default_value_t = 2_000_000)]
    pub travellers: u64,
    /// Days of history, ending yesterday.
    #[arg(long, default_value_t = 730)]
    pub days: i64,
    #[arg(long, default_value_t = 9303)]
    pub seed: u64,
}

const PORTS: &[&str] =
    &["PVG", "PEK", "PKX", "CAN", "SZX", "SZ-LUOHU", "SZ-FUTIAN", "ZH-GONGBEI", "CTU", "HGH", "XMN", "KMG"];

#[allow(clippy::print_stdout)]
pub async fn seed_history(global: &Global, args: SeedHistoryArgs) -> Result<ExitCode> {
    let settings = Settings::resolve(global, None, false)?;
    let store = settings.open_store().await?;
    let actor = Principal::system("bench-seed");
    let mut rng = Rng::new(args.seed);
    let now = Timestamp::now();
    let started = std::time::Instant::now();
    let per_traveller = (args.movements / args.travellers.max(1)).max(1);
    let batch_travellers = 20_000u64;
    let mut done = 0u64;
    let mut t = 0u64;
    while done < args.movements && t < args.travellers {
        let mut travellers = Vec::new();
        let mut movements = Vec::new();
        for _ in 0..batch_travellers {
            if t >= args.travellers || done >= args.movements {
                break;
            }
            let nationality: &'static str = match rng.below(100) {
                0..=47 => "CHN",
                48..=79 => "HKG",
                80..=84 => "MAC",
                _ => synth::foreign_pools()
                    .get(usize::try_from(rng.below(20)).unwrap_or(0))
                    .map_or("USA", |p| p.0),
            };
            let category = match nationality {
                "CHN" => Category::Mainland,
                "HKG" | "MAC" => Category::HkMacaoTaiwan,
                _ => Category::Foreigner,
            };
            let (_, surnames, givens) = synth::pool(nationality);
            let id = format!("h{t:09}");
            travellers.push(HistoricTraveller {
                id: id.clone(),
                nationality: nationality.into(),
                birth_date: Some(format!(
                    "{}-{:02}-{:02}",
                    1950 + rng.below(55),
                    1 + rng.below(12),
                    1 + rng.below(28)
                )),
                sex: None,
                name_key: format!("{}<<{}", rng.pick(surnames), rng.pick(givens)),
                category,
                issuer: nationality.into(),
                number: format!("H{t:09}"),
                document_code: "P".into(),
            });
            let port = *rng.pick(PORTS);
            for k in 0..per_traveller {
                let day =
                    i64::try_from(rng.below(u64::try_from(args.days.max(1)).unwrap_or(1))).unwrap_or(0) + 1;
                let at = now - SignedDuration::from_hours(24 * day)
                    + SignedDuration::from_mins(i64::try_from(rng.below(1440)).unwrap_or(0));
                movements.push(HistoricMovement {
                    id: format!("hm{done:010}"),
                    traveller_id: id.clone(),
                    at,
                    port: port.into(),
                    lane: if rng.chance(45) { Lane::Egate } else { Lane::Manual },
                    direction: if k % 2 == 0 { Direction::Entry } else { Direction::Exit },
                    category,
                    nationality: nationality.into(),
                    time_zone: "Asia/Shanghai".into(),
                });
                done += 1;
            }
            t += 1;
        }
        store.import_history(&actor, travellers, movements, now).await?;
        if t.is_multiple_of(200_000) || done >= args.movements {
            println!("{done} movements of {t} travellers loaded ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    println!("history loaded: {done} movements, {t} travellers in {:.0} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
