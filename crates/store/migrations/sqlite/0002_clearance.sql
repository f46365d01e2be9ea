-- Travellers, their documents, inspections, movements, stays, conveyances, the crossing rollups that the
-- statistics read, screening dispositions, e-gate enrolment; watchlists; manifests.

CREATE TABLE traveller (
    id          TEXT PRIMARY KEY,
    nationality TEXT NOT NULL,
    birth_date  TEXT,
    sex         TEXT,
    name_key    TEXT NOT NULL,
    category    TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX traveller_identity ON traveller (nationality, birth_date, name_key);

CREATE TABLE travel_document (
    issuer        TEXT NOT NULL,
    number        TEXT NOT NULL,
    traveller_id  TEXT NOT NULL REFERENCES traveller (id),
    document_code TEXT NOT NULL,
    expiry        TEXT,
    first_seen    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL,
    PRIMARY KEY (issuer, number)
);
CREATE INDEX travel_document_traveller ON travel_document (traveller_id);

CREATE TABLE inspection (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    at              BIGINT NOT NULL,
    port            TEXT NOT NULL,
    lane            TEXT NOT NULL,
    direction       TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    traveller_id    TEXT REFERENCES traveller (id),
    decision        TEXT NOT NULL,
    status          TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    result          TEXT NOT NULL,
    resolution      TEXT,
    movement_id     TEXT,
    conveyance_id   TEXT
);
CREATE INDEX inspection_queue ON inspection (status, port, at);
CREATE INDEX inspection_traveller ON inspection (traveller_id, at);

CREATE TABLE movement (
    id              TEXT PRIMARY KEY,
    traveller_id    TEXT NOT NULL REFERENCES traveller (id),
    inspection_id   TEXT NOT NULL,
    at              BIGINT NOT NULL,
    port            TEXT NOT NULL,
    lane            TEXT NOT NULL,
    direction       TEXT NOT NULL,
    category        TEXT NOT NULL,
    nationality     TEXT NOT NULL,
    permitted_until BIGINT,
    grant_json      TEXT,
    conveyance_id   TEXT
);
CREATE INDEX movement_traveller ON movement (traveller_id, at);
CREATE INDEX movement_at ON movement (at);

-- A foreigner's stay: opened by an entry with a grant, closed by the exit.
CREATE TABLE stay (
    entry_movement_id TEXT PRIMARY KEY,
    traveller_id      TEXT NOT NULL REFERENCES traveller (id),
    entered_at        BIGINT NOT NULL,
    port              TEXT NOT NULL,
    permitted_until   BIGINT,
    time_zone         TEXT NOT NULL,
    grant_json        TEXT,
    exit_movement_id  TEXT,
    exited_at         BIGINT
);
CREATE INDEX stay_open ON stay (traveller_id, exited_at);
CREATE INDEX stay_overdue ON stay (exited_at, permitted_until);

-- Crossing counts by local day at the port and every published dimension.
CREATE TABLE crossing_count (
    day         TEXT NOT NULL,
    port        TEXT NOT NULL,
    direction   TEXT NOT NULL,
    category    TEXT NOT NULL,
    nationality TEXT NOT NULL,
    lane        TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (day, port, direction, category, nationality, lane)
);

CREATE TABLE conveyance (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    identifier      TEXT NOT NULL,
    direction       TEXT NOT NULL,
    port            TEXT NOT NULL,
    at              BIGINT NOT NULL,
    crew_count      BIGINT NOT NULL,
    passenger_count BIGINT NOT NULL,
    actor_id        TEXT NOT NULL
);
CREATE INDEX conveyance_at ON conveyance (port, at);

CREATE TABLE conveyance_count (
    day       TEXT NOT NULL,
    port      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    direction TEXT NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (day, port, kind, direction)
);

-- "Not the same person": suppresses the pair until the watchlist entry changes (a new version).
CREATE TABLE disposition (
    traveller_id  TEXT NOT NULL,
    list          TEXT NOT NULL,
    entry_id      TEXT NOT NULL,
    entry_version BIGINT NOT NULL,
    actor_id      TEXT NOT NULL,
    at            BIGINT NOT NULL,
    note          TEXT,
    PRIMARY KEY (traveller_id, list, entry_id)
);

CREATE TABLE egate_enrolment (
    traveller_id TEXT PRIMARY KEY REFERENCES traveller (id),
    enrolled_at  BIGINT NOT NULL,
    valid_until  BIGINT NOT NULL
);

CREATE TABLE watchlist (
    name       TEXT PRIMARY KEY,
    version    BIGINT NOT NULL,
    threshold  REAL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE watchlist_entry (
    list       TEXT NOT NULL,
    id         TEXT NOT NULL,
    version    BIGINT NOT NULL,
    data       TEXT NOT NULL,
    removed    BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (list, id)
);

CREATE TABLE manifest (
    id          TEXT PRIMARY KEY,
    carrier     TEXT NOT NULL,
    flight      TEXT NOT NULL,
    flight_date TEXT NOT NULL,
    arrival     TEXT,
    reference   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    raw         TEXT NOT NULL,
    message     TEXT NOT NULL,
    actor_id    TEXT NOT NULL
);
CREATE INDEX manifest_flight ON manifest (carrier, flight, flight_date);
CREATE INDEX manifest_arrival ON manifest (arrival, flight_date);

CREATE TABLE manifest_person (
    manifest_id   TEXT NOT NULL REFERENCES manifest (id),
    idx           BIGINT NOT NULL,
    document      TEXT,
    surname       TEXT,
    birth_date    TEXT,
    verdict       TEXT NOT NULL,
    reasons       TEXT NOT NULL,
    person        TEXT NOT NULL,
    inspection_id TEXT,
    PRIMARY KEY (manifest_id, idx)
);
CREATE INDEX manifest_person_document ON manifest_person (document);
