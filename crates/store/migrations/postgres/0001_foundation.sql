-- guomen foundation schema (PostgreSQL): reference data, accounts, API tokens, sessions, the audit trail.
-- Instants are epoch microseconds (UTC) in BIGINT columns; JSON is stored as TEXT so both backends agree.

CREATE TABLE country (
    code      TEXT PRIMARY KEY,
    alpha2    TEXT,
    numeric   BIGINT,
    kind      TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    name_zh   TEXT NOT NULL
);

CREATE TABLE port (
    code      TEXT PRIMARY KEY,
    iata      TEXT,
    kind      TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    name_zh   TEXT NOT NULL,
    province  TEXT NOT NULL,
    city      TEXT NOT NULL,
    time_zone TEXT NOT NULL
);

CREATE TABLE app_user (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    scope         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT
);

CREATE TABLE api_token (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT
);

CREATE TABLE session (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES app_user (id),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX session_expires ON session (expires_at);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    role       TEXT NOT NULL,
    post       TEXT,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    purpose    TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_checkpoint (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    hash       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

-- The audit trail is append-only: the database itself refuses to change, remove or truncate a record.
CREATE FUNCTION guomen_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION guomen_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION guomen_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION guomen_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION guomen_append_only();
