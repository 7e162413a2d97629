-- 0002: groups, applications with keys per environment, subscriptions, access tokens and the audit log
-- (the twin of Sqlite/Migrations/0002_identity.sql).
ALTER TABLE users ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN description TEXT;
ALTER TABLE users ADD COLUMN updated_at TIMESTAMPTZ;

CREATE TABLE groups (
    name        TEXT        PRIMARY KEY COLLATE wsgate_nocase,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE applications (
    id          TEXT        PRIMARY KEY,
    owner       TEXT        NOT NULL COLLATE wsgate_nocase,
    name        TEXT        NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (owner, name)
);

-- Secrets are stored only as SHA-256 hashes: they are 256-bit random values, so a slow hash adds nothing.
CREATE TABLE application_keys (
    application_id       TEXT        NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment          TEXT        NOT NULL,
    consumer_key         TEXT        NOT NULL UNIQUE,
    consumer_secret_hash TEXT        NOT NULL,
    api_key_hash         TEXT        UNIQUE,
    created_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, environment)
);

CREATE TABLE subscriptions (
    application_id TEXT        NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    api_id         TEXT        NOT NULL COLLATE wsgate_nocase,
    tier           TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, api_id)
);

CREATE TABLE access_tokens (
    token_hash     TEXT        PRIMARY KEY,
    application_id TEXT        NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT        NOT NULL,
    username       TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ
);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);

CREATE TABLE audit_log (
    id      BIGSERIAL   PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT        NOT NULL COLLATE wsgate_nocase,
    remote  TEXT,
    action  TEXT        NOT NULL,
    target  TEXT        COLLATE wsgate_nocase,
    outcome INTEGER     NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
