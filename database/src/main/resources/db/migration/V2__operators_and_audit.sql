-- Operators run the servers: they sign in to the admin page (/admin) and the brokers' Artemis
-- console. They are not chat accounts: their own table, their own bcrypt(cost 12) passwords over
-- the password itself (no client-side KDF), and nothing here is ever a broker credential.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE operators (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,

    CONSTRAINT operators_username_key        UNIQUE (username),
    CONSTRAINT operators_username_format     CHECK (username ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT operators_password_hash_bcrypt CHECK (password_hash ~ '^\$2[aby]\$12\$.{53}$')
);

COMMENT ON TABLE operators IS 'People who administer Parley (admin page, broker console); never chat accounts';
COMMENT ON COLUMN operators.password_hash IS 'BCrypt.hashpw(password, gensalt(12))';

-- What operators did, append-only from the application's point of view.
CREATE TABLE audit_log (
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    action   text        NOT NULL,
    target   text,
    detail   text,

    CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z_.]{1,64}$'),
    CONSTRAINT audit_log_detail_length CHECK (detail IS NULL OR length(detail) <= 2000)
);

CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

COMMENT ON TABLE audit_log IS 'Operator actions: who (operator), when (at), what (action on target, detail)';
COMMENT ON COLUMN audit_log.operator IS 'Operator username, or "cli:<os user>" for parley-server admin commands';

-- The admin page searches accounts by name prefix.
CREATE INDEX accounts_username_pattern_idx ON accounts (username text_pattern_ops);
