-- 0001: configuration objects, users and server facts (the twin of Sqlite/Migrations/0001_initial.sql),
-- plus the tables only a shared store needs: the configuration change log and cluster membership.
-- Names that SQLite compares with COLLATE NOCASE use this case-insensitive collation, so lookups and
-- uniqueness behave the same on both stores.
CREATE COLLATION IF NOT EXISTS wsgate_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per configuration object (listener, certificate, ...); the document is the object's JSON.
-- position keeps the operator's order across a restart.
CREATE TABLE config_objects (
    kind       TEXT        NOT NULL,
    id         TEXT        NOT NULL COLLATE wsgate_nocase,
    position   INTEGER     NOT NULL,
    doc        TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE users (
    username      TEXT        PRIMARY KEY COLLATE wsgate_nocase,
    password_hash TEXT        NOT NULL,
    roles         TEXT        NOT NULL,
    enabled       BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

INSERT INTO meta (key, value) VALUES ('config.revision', '0');

-- Cluster: one row per committed configuration revision. The writer holds the meta row lock of
-- config.revision while it writes, so revisions are gapless and a stale writer is refused; a NOTIFY on
-- channel wsgate_config carries the revision to every node once the transaction commits.
CREATE TABLE config_changes (
    revision   BIGINT      PRIMARY KEY,
    node_id    TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);

-- Cluster membership: each node upserts its row on every heartbeat; a node whose heartbeat stops is
-- marked gone by the others.
CREATE TABLE nodes (
    id            TEXT        PRIMARY KEY,
    admin_address TEXT,
    version       TEXT        NOT NULL,
    state         TEXT        NOT NULL,
    connections   INTEGER     NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);

-- Cluster messaging: a bus message too large for a NOTIFY payload (8,000 bytes) is stored here and the NOTIFY
-- carries only its id; rows are deleted after a few minutes.
CREATE TABLE bus_messages (
    id         BIGSERIAL   PRIMARY KEY,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The cluster's live connections: each node mirrors its own here (in small batches), so any node can list them
-- all and route "send" and "close" to the node that holds a connection. A gone node's rows are deleted.
CREATE TABLE connections (
    id           TEXT        PRIMARY KEY,
    node_id      TEXT        NOT NULL,
    listener     TEXT        NOT NULL,
    endpoint     TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    remote       TEXT,
    username     TEXT,
    connected_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX connections_node ON connections (node_id);
