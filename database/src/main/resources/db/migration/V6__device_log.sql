-- Devices (issue #15, decision 0017): each account's signed device log. Every entry is signed by
-- the account identity key (PROTOCOL.md, "Device log"); the server checks an entry with the same
-- rules clients use before it stores it, but clients verify the whole log themselves, so a row the
-- account key did not sign is refused by every client even if it gets here.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE device_log (
    username   text        NOT NULL REFERENCES accounts (username),
    seq        bigint      NOT NULL,
    entry      text        NOT NULL,
    hash       text        NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now(),

    -- Two devices appending the same seq at once: the second insert fails here, not a fork.
    PRIMARY KEY (username, seq),
    CONSTRAINT device_log_seq_min     CHECK (seq >= 0),
    CONSTRAINT device_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$')
);

COMMENT ON TABLE device_log IS 'Each account''s signed device log (PROTOCOL.md, Device log), oldest first by seq';
COMMENT ON COLUMN device_log.entry IS 'The signed DeviceEntry as JSON, exactly as the client sent it';
COMMENT ON COLUMN device_log.hash IS 'The entry''s hash (DeviceEntry.hash), the next entry''s prev';
