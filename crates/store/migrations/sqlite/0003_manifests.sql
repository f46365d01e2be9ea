-- Passenger and crew manifests (PAXLST): what pre-arrival screening and the arrival link add to the
-- `manifest` and `manifest_person` tables of 0002.
--
-- A `manifest` row is one list (passengers or crew) of one flight, identified by carrier, flight number,
-- departure day and kind; updates (change, cancel, close) rewrite its persons and bump `revision`, which
-- the API reads before and checks when it writes, so two updates never interleave. `raw` keeps the
-- message as first received; every message applied to the list, that one included, is in
-- `manifest_source`, split into its segments so the console can show a person's source segments.

ALTER TABLE manifest ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE manifest ADD COLUMN departure TEXT;
ALTER TABLE manifest ADD COLUMN departure_time TEXT;
ALTER TABLE manifest ADD COLUMN arrival_time TEXT;
ALTER TABLE manifest ADD COLUMN arrival_date TEXT;
ALTER TABLE manifest ADD COLUMN arrival_at BIGINT;
CREATE UNIQUE INDEX manifest_identity ON manifest (carrier, flight, flight_date, kind);
CREATE INDEX manifest_arrival_day ON manifest (arrival, arrival_date);

CREATE TABLE manifest_source (
    manifest_id   TEXT NOT NULL REFERENCES manifest (id),
    seq           BIGINT NOT NULL,
    received_at   BIGINT NOT NULL,
    actor_id      TEXT NOT NULL,
    function      TEXT NOT NULL,
    function_code TEXT,
    interchange   TEXT NOT NULL,
    first_segment BIGINT NOT NULL,
    segments      TEXT NOT NULL,
    PRIMARY KEY (manifest_id, seq)
);

-- `document` holds the normalised number of the travel document; `reasons` every reason of the
-- decision; `hits` the watchlist hits (officers only); `detail` the steps, notices and what the carrier
-- was told; `seg_from`/`seg_to` the person's segments in source `source_seq`; `inspection_id` and
-- `arrived_at` the arrival link.
ALTER TABLE manifest_person ADD COLUMN role TEXT;
ALTER TABLE manifest_person ADD COLUMN given_names TEXT;
ALTER TABLE manifest_person ADD COLUMN nationality TEXT;
ALTER TABLE manifest_person ADD COLUMN issuer TEXT;
ALTER TABLE manifest_person ADD COLUMN name_key TEXT;
ALTER TABLE manifest_person ADD COLUMN hits TEXT;
ALTER TABLE manifest_person ADD COLUMN detail TEXT;
ALTER TABLE manifest_person ADD COLUMN source_seq BIGINT;
ALTER TABLE manifest_person ADD COLUMN seg_from BIGINT;
ALTER TABLE manifest_person ADD COLUMN seg_to BIGINT;
ALTER TABLE manifest_person ADD COLUMN arrived_at BIGINT;
CREATE INDEX manifest_person_name ON manifest_person (name_key, birth_date);
CREATE INDEX manifest_person_inspection ON manifest_person (inspection_id);

-- Travellers inspected at the arrival port who named this flight but are not on its manifest.
CREATE TABLE manifest_unmanifested (
    manifest_id   TEXT NOT NULL REFERENCES manifest (id),
    inspection_id TEXT NOT NULL,
    at            BIGINT NOT NULL,
    PRIMARY KEY (manifest_id, inspection_id)
);
