-- 0005: failed authentication attempts per scope (public listeners, admin API) and subject (a source address or a
-- credential), so that counting survives a restart and, on PostgreSQL, is shared by every node (docs/security.md).
CREATE TABLE auth_failures (
    scope        TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    failures     INTEGER NOT NULL,
    window_start TEXT    NOT NULL,
    last_failure TEXT    NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX auth_failures_last_failure ON auth_failures (last_failure);
