-- Live events: each upstream access record and each door/device state change, stored once. The id is
-- monotonic and never reused (AUTOINCREMENT), so it serves as the SSE event id.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- What identifies the event upstream (the monitor poll has no ids): see UpTransaction::dedup_key.
    dedup       TEXT NOT NULL UNIQUE,
    upstream_id TEXT,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    event_no    INTEGER,
    name        TEXT NOT NULL,
    device      TEXT,
    device_sn   TEXT,
    point       TEXT,
    area        TEXT,
    pin         TEXT,
    person      TEXT,
    verify      TEXT,
    -- The captured photo (base64 JPEG) of alarms that have one.
    photo       TEXT,
    stored_at   INTEGER NOT NULL,
    -- Acknowledgement of alarms (Alarm Center).
    ack_at      INTEGER,
    ack_by      TEXT,
    ack_remark  TEXT
);
CREATE INDEX events_pin ON events (pin, id);
CREATE INDEX events_kind ON events (kind, id);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_stored_at ON events (stored_at);
