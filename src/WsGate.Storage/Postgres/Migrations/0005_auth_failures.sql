-- 0005: failed authentication attempts per scope (public listeners, admin API) and subject (a source address or a
-- credential), shared by every node so that a cluster does not multiply the guesses an attacker gets
-- (docs/security.md).
CREATE TABLE auth_failures (
    scope        TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    failures     INTEGER     NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    last_failure TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX auth_failures_last_failure ON auth_failures (last_failure);
