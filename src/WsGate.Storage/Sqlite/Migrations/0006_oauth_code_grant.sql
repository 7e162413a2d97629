-- 0006: the authorization code grant with PKCE and refresh tokens (docs/identity.md): applications' registered callback
-- URLs, one-time codes, rotating refresh tokens, and the grant ("family") an access token came from, so that a replayed
-- code or refresh token revokes everything issued on that grant.
ALTER TABLE applications ADD COLUMN callback_urls TEXT NOT NULL DEFAULT '[]';
ALTER TABLE access_tokens ADD COLUMN family_id TEXT;
CREATE INDEX access_tokens_family ON access_tokens (family_id);

-- Codes and refresh tokens are 256-bit random values stored only as SHA-256 hashes, like access tokens.
CREATE TABLE authorization_codes (
    code_hash      TEXT PRIMARY KEY,
    family_id      TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT NOT NULL,
    consumer_key   TEXT NOT NULL,
    username       TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT
);
CREATE INDEX authorization_codes_expiry ON authorization_codes (expires_at);

CREATE TABLE refresh_tokens (
    token_hash     TEXT PRIMARY KEY,
    family_id      TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT NOT NULL,
    consumer_key   TEXT NOT NULL,
    username       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    revoked_at     TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);
