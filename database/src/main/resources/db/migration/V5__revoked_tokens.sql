-- Logged-out sessions (issue 22, decision 0014). A row refuses every session token with that
-- token id (the jti, which a token refresh keeps, so it names one login session) until
-- expires_at, by when every token of the session has expired; the auth server then forgets it.
-- The brokers keep their own copy (revoked-tokens.properties), re-sent by the auth server.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE revoked_tokens (
    token_id   text        PRIMARY KEY,
    username   text        NOT NULL REFERENCES accounts (username),
    revoked_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,

    CONSTRAINT revoked_tokens_id_format CHECK (token_id ~ '^[0-9a-f]{32}$')
);

CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
