-- 0003: per-minute usage rollups, close codes per minute, and the failure log (the twin of
-- Sqlite/Migrations/0003_analytics.sql). Dimensions use '' for "none" so that they can be part of the primary key;
-- every node of a cluster adds to the same minute rows, so the rollups are the cluster's.
CREATE TABLE usage_minutes (
    minute             TIMESTAMPTZ NOT NULL,
    api                TEXT        NOT NULL,
    application        TEXT        NOT NULL,
    listener           TEXT        NOT NULL,
    environment        TEXT        NOT NULL,
    messages_in        BIGINT      NOT NULL DEFAULT 0,
    messages_out       BIGINT      NOT NULL DEFAULT 0,
    bytes_in           BIGINT      NOT NULL DEFAULT 0,
    bytes_out          BIGINT      NOT NULL DEFAULT 0,
    connections_opened BIGINT      NOT NULL DEFAULT 0,
    connections_closed BIGINT      NOT NULL DEFAULT 0,
    errors             BIGINT      NOT NULL DEFAULT 0,
    throttled          BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, api, application, listener, environment)
);

CREATE TABLE usage_close_codes (
    minute      TIMESTAMPTZ NOT NULL,
    api         TEXT        NOT NULL,
    application TEXT        NOT NULL,
    listener    TEXT        NOT NULL,
    environment TEXT        NOT NULL,
    code        INTEGER     NOT NULL,
    count       BIGINT      NOT NULL,
    PRIMARY KEY (minute, api, application, listener, environment, code)
);

CREATE TABLE failures (
    id          BIGSERIAL   PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL,
    listener    TEXT        NOT NULL,
    api         TEXT        NOT NULL,
    application TEXT        NOT NULL,
    status      INTEGER,
    reason      TEXT        NOT NULL
);
CREATE INDEX failures_at ON failures (at);
