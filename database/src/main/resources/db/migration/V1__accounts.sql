-- Accounts: one row per user. The server keeps only what PROTOCOL.md lets it keep:
-- a bcrypt hash of the client's authKey, the public identity keys, and the private keys
-- wrapped under a key the server never sees.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE accounts (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username          text        NOT NULL,
    auth_hash         text        NOT NULL,
    signing_public    bytea       NOT NULL,
    agreement_public  bytea       NOT NULL,
    wrapped_keys      bytea       NOT NULL,
    kdf_salt          bytea       NOT NULL,
    kdf_m             integer     NOT NULL,
    kdf_t             integer     NOT NULL,
    kdf_p             integer     NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_login_at     timestamptz,
    disabled          boolean     NOT NULL DEFAULT false,
    tokens_not_before timestamptz,

    CONSTRAINT accounts_username_key          UNIQUE (username),
    CONSTRAINT accounts_username_format       CHECK (username ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT accounts_auth_hash_not_blank   CHECK (length(auth_hash) > 0),
    CONSTRAINT accounts_signing_public_length CHECK (octet_length(signing_public) = 32),
    CONSTRAINT accounts_agreement_public_length CHECK (octet_length(agreement_public) = 32),
    CONSTRAINT accounts_wrapped_keys_not_empty CHECK (octet_length(wrapped_keys) > 0),
    CONSTRAINT accounts_kdf_salt_length       CHECK (octet_length(kdf_salt) = 16),
    CONSTRAINT accounts_kdf_params_positive   CHECK (kdf_m > 0 AND kdf_t > 0 AND kdf_p > 0)
);

COMMENT ON TABLE accounts IS 'Parley accounts (PROTOCOL.md: signup, prelogin, login)';
COMMENT ON COLUMN accounts.username IS 'Canonical username: NFKC, lower case, ^[a-z0-9._-]{3,32}$';
COMMENT ON COLUMN accounts.auth_hash IS 'BCrypt.hashpw(base64(authKey), gensalt(12)); never the password';
COMMENT ON COLUMN accounts.signing_public IS 'Ed25519 public key, 32 raw bytes';
COMMENT ON COLUMN accounts.agreement_public IS 'X25519 public key, 32 raw bytes';
COMMENT ON COLUMN accounts.wrapped_keys IS 'Private keys wrapped under the client''s wrapKey (0x01 || nonce || AES-GCM)';
COMMENT ON COLUMN accounts.kdf_salt IS 'Argon2id salt chosen by the client, 16 bytes';
COMMENT ON COLUMN accounts.kdf_m IS 'Argon2id memory in KiB';
COMMENT ON COLUMN accounts.kdf_t IS 'Argon2id iterations';
COMMENT ON COLUMN accounts.kdf_p IS 'Argon2id parallelism';
COMMENT ON COLUMN accounts.tokens_not_before IS 'Session tokens issued (iat) before this instant are refused (set when disabling an account)';
