-- Presence permissions (issue #22): who may follow an account's presence address on the brokers.
-- Each client keeps here the accounts it has conversations with (PUT /api/v1/presence/viewers);
-- the brokers read it (GET /api/v1/service/accounts/{name}) before they let a user subscribe to
-- parley.presence.<owner>. No row for an owner: nobody but the owner may follow them.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE presence_viewers (
    owner  text NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    -- Not a reference: a client may list a contact before (or after) that account exists.
    viewer text NOT NULL,

    PRIMARY KEY (owner, viewer),
    CONSTRAINT presence_viewers_viewer_format CHECK (viewer ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT presence_viewers_not_self      CHECK (viewer <> owner)
);

COMMENT ON TABLE presence_viewers IS 'Who may subscribe to parley.presence.<owner> (replaced as a whole by the owner''s client)';
