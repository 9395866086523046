-- Intrusion alarm panels' event records (manual 2.12, `ias/list`).

CREATE TABLE ias_events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    event_ms       INTEGER NOT NULL,
    event_time     TEXT NOT NULL,
    device_name    TEXT NOT NULL,
    device_ip      TEXT NOT NULL,
    area_name      TEXT NOT NULL,
    partition_name TEXT NOT NULL,
    point_name     TEXT NOT NULL DEFAULT '',
    event_name     TEXT NOT NULL,
    event_cid      TEXT NOT NULL,
    event_type     TEXT NOT NULL
);
CREATE INDEX ias_events_newest ON ias_events (event_ms DESC, seq DESC);
