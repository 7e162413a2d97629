-- 0007: message captures (docs/captures.md): run-time debugging state, not configuration. A capture's records go with it.
CREATE TABLE captures (
    id          TEXT        PRIMARY KEY,
    request     TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    stop_reason TEXT,
    started_at  TIMESTAMPTZ NOT NULL,
    stopped_at  TIMESTAMPTZ,
    messages    BIGINT      NOT NULL DEFAULT 0,
    bytes       BIGINT      NOT NULL DEFAULT 0,
    sampled     BIGINT      NOT NULL DEFAULT 0,
    created_by  TEXT,
    -- The node that runs the capture: only it stops it (on request, at its bounds, or when it restarts).
    node_id     TEXT       NOT NULL
);
CREATE TABLE capture_records (
    capture_id    TEXT        NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
    seq           BIGINT      NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    kind          TEXT        NOT NULL,
    direction     TEXT,
    opcode        TEXT,
    connection_id TEXT        NOT NULL,
    payload       TEXT,
    size          BIGINT      NOT NULL,
    withheld      TEXT,
    PRIMARY KEY (capture_id, seq)
);
