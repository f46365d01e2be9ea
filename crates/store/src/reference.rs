//! Reference data: the country and port tables are loaded from the `codes` crate's shipped files every time
//! the store opens (an idempotent upsert after the SQL migrations), so a new release's tables reach every
//! database without a hand-written data migration.

use serde::Serialize;

use crate::conn::Conn;
use crate::{Store, StoreError};

/// A port as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortRow {
    pub code: String,
    pub iata: Option<String>,
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    pub province: String,
    pub city: String,
    pub time_zone: String,
}

pub(crate) async fn sync(conn: &mut dyn Conn) -> Result<(), StoreError> {
    let countries = codes::load_countries(codes::COUNTRIES_SOURCE)
        .map_err(|e| StoreError::Invalid(format!("countries.csv {e}")))?;
    let ports =
        codes::load_ports(codes::PORTS_SOURCE).map_err(|e| StoreError::Invalid(format!("ports.csv {e}")))?;
    conn.batch("BEGIN").await?;
    let result = async {
        for c in &countries {
            conn.execute(
                "INSERT INTO country (code, alpha2, numeric, kind, name_en, name_zh) VALUES (?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET alpha2 = excluded.alpha2, numeric = excluded.numeric, \
                 kind = excluded.kind, name_en = excluded.name_en, name_zh = excluded.name_zh",
                &[
                    c.code.as_str().into(),
                    c.alpha2.clone().into(),
                    c.numeric.map(i64::from).into(),
                    c.kind.as_str().into(),
                    (&c.name_en).into(),
                    (&c.name_zh).into(),
                ],
            )
            .await?;
        }
        for p in &ports {
            conn.execute(
                "INSERT INTO port (code, iata, kind, name_en, name_zh, province, city, time_zone) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET iata = excluded.iata, \
                 kind = excluded.kind, name_en = excluded.name_en, name_zh = excluded.name_zh, \
                 province = excluded.province, city = excluded.city, time_zone = excluded.time_zone",
                &[
                    (&p.code).into(),
                    p.iata.clone().into(),
                    p.kind.as_str().into(),
                    (&p.name_en).into(),
                    (&p.name_zh).into(),
                    (&p.province).into(),
                    (&p.city).into(),
                    (&p.time_zone).into(),
                ],
            )
            .await?;
        }
        Ok::<(), StoreError>(())
    }
    .await;
    match result {
        Ok(()) => conn.batch("COMMIT").await,
        Err(e) => {
            let _ = conn.batch("ROLLBACK").await;
            Err(e)
        }
    }
}

impl Store {
    /// Every port in the registry, by code.
    pub async fn ports(&self) -> Result<Vec<PortRow>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT code, iata, kind, name_en, name_zh, province, city, time_zone FROM port ORDER BY code",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PortRow {
                    code: r.text(0)?,
                    iata: r.opt_text(1)?,
                    kind: r.text(2)?,
                    name_en: r.text(3)?,
                    name_zh: r.text(4)?,
                    province: r.text(5)?,
                    city: r.text(6)?,
                    time_zone: r.text(7)?,
                })
            })
            .collect()
    }

    /// How many country codes the database holds.
    pub async fn country_count(&self) -> Result<i64, StoreError> {
        self.reader().fetch_one("SELECT CAST(COUNT(*) AS BIGINT) FROM country", &[]).await?.int(0)
    }
}
