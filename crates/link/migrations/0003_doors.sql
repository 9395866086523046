-- Remote Control and Remote Lockdown: lockdown groups (the vendor API cannot list a level's doors),
-- their state (it survives a restart), idempotent acting requests, and a fuller audit log.
CREATE TABLE lockdown_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL,
    -- Under lockdown when active_since is set.
    active_since INTEGER,
    active_by    TEXT,
    active_reason TEXT
);

CREATE TABLE lockdown_doors (
    group_id INTEGER NOT NULL REFERENCES lockdown_groups (id) ON DELETE CASCADE,
    door_id  TEXT NOT NULL,
    PRIMARY KEY (group_id, door_id)
);

-- The first answer to an acting POST with an Idempotency-Key: a retry gets it again and acts not again.
CREATE TABLE idempotency (
    actor       TEXT NOT NULL,
    key         TEXT NOT NULL,
    request     TEXT NOT NULL,
    status      INTEGER,
    body        BLOB,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (actor, key)
);

ALTER TABLE audit ADD COLUMN reason TEXT;
ALTER TABLE audit ADD COLUMN upstream TEXT;
