-- Groups (issue #5): a group, its current members and its membership chain. The chain
-- (group_log) is the truth clients believe: every entry is signed by the member who made the
-- change (PROTOCOL.md, "Groups"). groups and group_members are the server's index of it, for
-- listing and authorizing; a row in group_members that no signed entry backs is ignored by clients.
--
-- Released migrations are never edited (Flyway validates checksums on start): change the
-- schema with a new V<n>__*.sql file.

CREATE TABLE groups (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    admin      text        NOT NULL REFERENCES accounts (username),
    epoch      bigint      NOT NULL,
    head       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT groups_id_format   CHECK (id ~ '^[0-9a-f]{32}$'),
    CONSTRAINT groups_name_length CHECK (length(name) BETWEEN 1 AND 64),
    CONSTRAINT groups_epoch_min   CHECK (epoch >= 0),
    CONSTRAINT groups_head_format CHECK (head ~ '^[0-9a-f]{64}$')
);

CREATE TABLE group_members (
    group_id text        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    username text        NOT NULL REFERENCES accounts (username),
    added_at timestamptz NOT NULL DEFAULT now(),

    PRIMARY KEY (group_id, username)
);

CREATE INDEX group_members_username_idx ON group_members (username);

CREATE TABLE group_log (
    group_id text   NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    seq      bigint NOT NULL,
    entry    text   NOT NULL,

    PRIMARY KEY (group_id, seq),
    CONSTRAINT group_log_seq_min CHECK (seq >= 0)
);

COMMENT ON TABLE groups IS 'Group chats (PROTOCOL.md, Groups); name/admin/epoch/head mirror the newest group_log entry';
COMMENT ON TABLE group_members IS 'Current members, an index of group_log for listing and authorization';
COMMENT ON COLUMN group_log.entry IS 'The signed GroupEntry as JSON, exactly as the client sent it';
