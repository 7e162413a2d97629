-- 0003: per-minute usage rollups, close codes per minute, and the failure log.
-- Dimensions use '' for "none" (no API, anonymous, no environment) so that they can be part of the primary key.
CREATE TABLE usage_minutes (
    minute             TEXT NOT NULL,
    api                TEXT NOT NULL,
    application        TEXT NOT NULL,
    listener           TEXT NOT NULL,
    environment        TEXT NOT NULL,
    messages_in        INTEGER NOT NULL DEFAULT 0,
    messages_out       INTEGER NOT NULL DEFAULT 0,
    bytes_in           INTEGER NOT NULL DEFAULT 0,
    bytes_out          INTEGER NOT NULL DEFAULT 0,
    connections_opened INTEGER NOT NULL DEFAULT 0,
    connections_closed INTEGER NOT NULL DEFAULT 0,
    errors             INTEGER NOT NULL DEFAULT 0,
    throttled          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, api, application, listener, environment)
) WITHOUT ROWID;

CREATE TABLE usage_close_codes (
    minute      TEXT NOT NULL,
    api         TEXT NOT NULL,
    application TEXT NOT NULL,
    listener    TEXT NOT NULL,
    environment TEXT NOT NULL,
    code        INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (minute, api, application, listener, environment, code)
) WITHOUT ROWID;

CREATE TABLE failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    listener    TEXT NOT NULL,
    api         TEXT NOT NULL,
    application TEXT NOT NULL,
    status      INTEGER,
    reason      TEXT NOT NULL
);
CREATE INDEX failures_at ON failures (at);
