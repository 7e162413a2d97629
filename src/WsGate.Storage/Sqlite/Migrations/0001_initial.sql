-- 0001: configuration objects, users and server facts.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per configuration object (listener, certificate, ...); the document is the object's JSON.
-- position keeps the operator's order across a restart.
CREATE TABLE config_objects (
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL COLLATE NOCASE,
    position   INTEGER NOT NULL,
    doc        TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE users (
    username      TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    enabled       INTEGER NOT NULL,
    created_at    TEXT    NOT NULL
);

INSERT INTO meta (key, value) VALUES ('config.revision', '0');
