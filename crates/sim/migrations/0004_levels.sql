-- Access levels (manual 2.2.4): named groups of doors in one area with a time zone; persons hold level ids in
-- `persons.acc_level_ids` (comma separated, as the API returns them); departments bind default levels.

CREATE TABLE acc_levels (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL UNIQUE,
    area_name     TEXT NOT NULL DEFAULT '',
    time_seg_name TEXT NOT NULL DEFAULT '24-Hour Accessible'
);

CREATE TABLE acc_level_doors (
    level_id TEXT NOT NULL,
    door_id  TEXT NOT NULL,
    PRIMARY KEY (level_id, door_id)
);

CREATE TABLE dept_levels (
    dept_code TEXT NOT NULL,
    level_id  TEXT NOT NULL,
    PRIMARY KEY (dept_code, level_id)
);
