//! Crossing and conveyance statistics from the rollup tables (maintained with every movement), so a
//! national query reads counters, never the movements themselves.

use std::collections::BTreeMap;

use domain::{AuditEvent, Direction, Principal};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::json;

use crate::clearance::local_day;
use crate::conn::Value;
use crate::{Store, StoreError};

/// A dimension statistics can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    Day,
    Month,
    Year,
    Port,
    Direction,
    Category,
    Nationality,
    Lane,
    /// Conveyances only: aircraft, vessel, train, vehicle.
    Kind,
}

impl Dim {
    pub fn parse(text: &str) -> Option<Dim> {
        Some(match text {
            "day" => Dim::Day,
            "month" => Dim::Month,
            "year" => Dim::Year,
            "port" => Dim::Port,
            "direction" => Dim::Direction,
            "category" => Dim::Category,
            "nationality" => Dim::Nationality,
            "lane" => Dim::Lane,
            "kind" => Dim::Kind,
            _ => return None,
        })
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Dim::Day => "day",
            Dim::Month => "month",
            Dim::Year => "year",
            Dim::Port => "port",
            Dim::Direction => "direction",
            Dim::Category => "category",
            Dim::Nationality => "nationality",
            Dim::Lane => "lane",
            Dim::Kind => "kind",
        }
    }

    /// The SQL expression (from a fixed list: never user text).
    fn column(&self) -> &'static str {
        match self {
            Dim::Day => "day",
            Dim::Month => "substr(day, 1, 7)",
            Dim::Year => "substr(day, 1, 4)",
            Dim::Port => "port",
            Dim::Direction => "direction",
            Dim::Category => "category",
            Dim::Nationality => "nationality",
            Dim::Lane => "lane",
            Dim::Kind => "kind",
        }
    }
}

/// One group of a statistics answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatRow {
    pub group: BTreeMap<&'static str, String>,
    pub count: i64,
    /// The same group in the same days one year earlier.
    pub previous_year: i64,
    /// Percentage change on the previous year, to one decimal; `None` when there is nothing to compare.
    pub change_pct: Option<f64>,
}

/// A statistics answer.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub from: Date,
    pub to: Date,
    pub group_by: Vec<Dim>,
    pub total: i64,
    pub previous_year_total: i64,
    pub change_pct: Option<f64>,
    pub rows: Vec<StatRow>,
}

/// A conveyance crossing to record.
#[derive(Debug, Clone)]
pub struct ConveyanceWrite {
    pub id: String,
    pub kind: String,
    pub identifier: String,
    pub direction: Direction,
    pub port: String,
    pub at: Timestamp,
    pub crew_count: i64,
    pub passenger_count: i64,
    pub time_zone: String,
}

fn change(now: i64, before: i64) -> Option<f64> {
    if before == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let pct = (now - before) as f64 * 100.0 / before as f64;
    Some((pct * 10.0).round() / 10.0)
}

fn minus_year(d: Date) -> Date {
    d.checked_sub(jiff::Span::new().years(1)).unwrap_or(d)
}

impl Store {
    async fn grouped(
        &self,
        table: &str,
        allowed: &[Dim],
        from: Date,
        to: Date,
        group_by: &[Dim],
    ) -> Result<BTreeMap<Vec<String>, i64>, StoreError> {
        if let Some(d) = group_by.iter().find(|d| !allowed.contains(d)) {
            return Err(StoreError::Invalid(format!("cannot group {table} by {}", d.as_str())));
        }
        let cols: Vec<&str> = group_by.iter().map(Dim::column).collect();
        let select = if cols.is_empty() { String::new() } else { format!("{}, ", cols.join(", ")) };
        let group = if cols.is_empty() { String::new() } else { format!(" GROUP BY {}", cols.join(", ")) };
        let sql = format!(
            "SELECT {select}CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {table} WHERE day >= ? AND day <= ?{group}"
        );
        let rows =
            self.reader().fetch(&sql, &[Value::Text(from.to_string()), Value::Text(to.to_string())]).await?;
        let mut out = BTreeMap::new();
        for r in rows {
            let key = (0..cols.len()).map(|i| r.text(i)).collect::<Result<Vec<_>, _>>()?;
            let n = r.int(cols.len())?;
            if n > 0 || cols.is_empty() {
                out.insert(key, n);
            }
        }
        Ok(out)
    }

    async fn stats(
        &self,
        table: &str,
        allowed: &[Dim],
        from: Date,
        to: Date,
        group_by: &[Dim],
    ) -> Result<Stats, StoreError> {
        if to < from {
            return Err(StoreError::Invalid("`to` is before `from`".into()));
        }
        // Year-on-year compares like with like, so the time dimensions are shifted by a year.
        let now = self.grouped(table, allowed, from, to, group_by).await?;
        let before = self.grouped(table, allowed, minus_year(from), minus_year(to), group_by).await?;
        let shift = |key: &[String]| -> Vec<String> {
            key.iter()
                .zip(group_by)
                .map(|(v, d)| match d {
                    Dim::Day | Dim::Month | Dim::Year => {
                        let year: i32 = v.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                        format!("{:04}{}", year - 1, v.get(4..).unwrap_or(""))
                    }
                    _ => v.clone(),
                })
                .collect()
        };
        let mut rows: Vec<StatRow> = now
            .iter()
            .map(|(key, n)| {
                let prev = before.get(&shift(key)).copied().unwrap_or(0);
                StatRow {
                    group: group_by.iter().map(Dim::as_str).zip(key.iter().cloned()).collect(),
                    count: *n,
                    previous_year: prev,
                    change_pct: change(*n, prev),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.group.cmp(&b.group)));
        let total: i64 = now.values().sum();
        let previous_year_total: i64 = before.values().sum();
        Ok(Stats {
            from,
            to,
            group_by: group_by.to_vec(),
            total,
            previous_year_total,
            change_pct: change(total, previous_year_total),
            rows,
        })
    }

    /// Person crossings in the local days `from..=to`, grouped, with year-on-year change.
    pub async fn crossing_stats(&self, from: Date, to: Date, group_by: &[Dim]) -> Result<Stats, StoreError> {
        use Dim::*;
        self.stats(
            "crossing_count",
            &[Day, Month, Year, Port, Direction, Category, Nationality, Lane],
            from,
            to,
            group_by,
        )
        .await
    }

    /// Conveyance crossings in the local days `from..=to`, grouped, with year-on-year change.
    pub async fn conveyance_stats(
        &self,
        from: Date,
        to: Date,
        group_by: &[Dim],
    ) -> Result<Stats, StoreError> {
        use Dim::*;
        self.stats("conveyance_count", &[Day, Month, Year, Port, Direction, Kind], from, to, group_by).await
    }

    /// Records a conveyance crossing; audited as `conveyance.create`.
    pub async fn record_conveyance(&self, actor: &Principal, c: ConveyanceWrite) -> Result<(), StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn()
                    .execute(
                        "INSERT INTO conveyance (id, kind, identifier, direction, port, at, crew_count, passenger_count, actor_id) \
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &[
                            (&c.id).into(),
                            (&c.kind).into(),
                            (&c.identifier).into(),
                            c.direction.as_str().into(),
                            (&c.port).into(),
                            c.at.into(),
                            c.crew_count.into(),
                            c.passenger_count.into(),
                            (&actor.id).into(),
                        ],
                    )
                    .await?;
                tx.conn()
                    .execute(
                        "INSERT INTO conveyance_count (day, port, kind, direction, n) VALUES (?, ?, ?, ?, 1) \
                         ON CONFLICT (day, port, kind, direction) DO UPDATE SET n = conveyance_count.n + 1",
                        &[local_day(c.at, &c.time_zone).into(), (&c.port).into(), (&c.kind).into(), c.direction.as_str().into()],
                    )
                    .await?;
                let ev = AuditEvent::new("conveyance.create", format!("conveyance:{}", c.id))
                    .with_detail(json!({ "kind": c.kind, "port": c.port, "direction": c.direction }));
                tx.audit(&actor, c.at, &ev).await?;
                Ok(())
            })
        })
        .await
    }

    /// The number of inspections per decision at a port since `since` (for the port dashboard).
    pub async fn inspection_counts(
        &self,
        port: &str,
        since: Timestamp,
    ) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT status, CAST(COUNT(*) AS BIGINT) FROM inspection WHERE port = ? AND at >= ? GROUP BY status",
                &[port.into(), since.into()],
            )
            .await?;
        rows.iter().map(|r| Ok((r.text(0)?, r.int(1)?))).collect()
    }
}
