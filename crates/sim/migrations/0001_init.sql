-- The simulated CVSecurity site. `seq` columns give every list a stable insertion order for paging;
-- `id` columns hold the vendor's 32-char lower-hex ids.

CREATE TABLE departments (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_code TEXT,
    sort_no     INTEGER NOT NULL DEFAULT 99999
);

CREATE TABLE persons (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    pin            TEXT NOT NULL UNIQUE,
    dept_code      TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    last_name      TEXT NOT NULL DEFAULT '',
    gender         TEXT NOT NULL DEFAULT '',
    birthday       TEXT,
    card_no        TEXT NOT NULL DEFAULT '',
    supply_cards   TEXT NOT NULL DEFAULT '',
    person_photo   TEXT NOT NULL DEFAULT '',
    -- lower-case MD5 hex of the self-service password, as the API's `selfPwd` returns it
    self_pwd       TEXT NOT NULL DEFAULT '',
    is_send_mail   INTEGER NOT NULL DEFAULT 0,
    mobile_phone   TEXT NOT NULL DEFAULT '',
    person_pwd     TEXT NOT NULL DEFAULT '',
    car_plate      TEXT,
    email          TEXT NOT NULL DEFAULT '',
    ssn            TEXT,
    acc_level_ids  TEXT NOT NULL DEFAULT '',
    acc_start_time TEXT,
    acc_end_time   TEXT,
    cert_type      TEXT NOT NULL DEFAULT '',
    cert_number    TEXT NOT NULL DEFAULT '',
    hire_date      TEXT,
    is_disabled    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX persons_dept ON persons (dept_code);

CREATE TABLE devices (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,
    sn        TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL UNIQUE,
    dev_type  TEXT NOT NULL,
    -- vendor `state`: '1' enabled, '0' disabled
    state     TEXT NOT NULL DEFAULT '1',
    module    TEXT NOT NULL DEFAULT 'acc',
    area_name TEXT NOT NULL,
    -- simulated network link: 1 online, 0 offline (door state `connect` derives from this and `state`)
    online    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE doors (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL UNIQUE,
    device_id      TEXT NOT NULL REFERENCES devices (id),
    door_no        INTEGER NOT NULL,
    has_sensor     INTEGER NOT NULL DEFAULT 0,
    -- relay reads "open" while now < relay_until_ms (remote open); 0 = closed
    relay_until_ms INTEGER NOT NULL DEFAULT 0,
    -- alarm text shown while now < alarm_until_ms
    alarm          TEXT NOT NULL DEFAULT 'none',
    alarm_until_ms INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE readers (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    door_id      TEXT NOT NULL REFERENCES doors (id),
    name         TEXT NOT NULL,
    reader_no    INTEGER NOT NULL,
    -- 0 in, 1 out
    reader_state INTEGER NOT NULL
);

CREATE TABLE transactions (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    id                 TEXT NOT NULL UNIQUE,
    -- epoch milliseconds of event_time; `monitor?timestamp=` compares against it
    event_ms           INTEGER NOT NULL,
    event_time         TEXT NOT NULL,
    pin                TEXT NOT NULL DEFAULT '',
    name               TEXT NOT NULL DEFAULT '',
    last_name          TEXT NOT NULL DEFAULT '',
    dept_name          TEXT NOT NULL DEFAULT '',
    area_name          TEXT NOT NULL DEFAULT '',
    card_no            TEXT NOT NULL DEFAULT '',
    dev_sn             TEXT NOT NULL,
    dev_name           TEXT NOT NULL,
    verify_mode_name   TEXT NOT NULL,
    event_name         TEXT NOT NULL,
    event_point_name   TEXT NOT NULL DEFAULT '',
    reader_name        TEXT NOT NULL DEFAULT '',
    reader_state       INTEGER,
    door_number        INTEGER,
    log_id             INTEGER NOT NULL,
    event_no           INTEGER NOT NULL,
    event_level        INTEGER NOT NULL,
    door_name          TEXT NOT NULL DEFAULT '',
    capture_photo      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transactions_newest ON transactions (event_ms DESC, seq DESC);
CREATE INDEX transactions_pin ON transactions (pin, event_ms DESC, seq DESC);
CREATE INDEX transactions_dev_log ON transactions (dev_sn, log_id);

CREATE TABLE vis_levels (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    id   TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE visits (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    pers_person_pin   TEXT NOT NULL,
    cert_type         INTEGER NOT NULL,
    cert_num          TEXT NOT NULL,
    vis_emp_pin       TEXT NOT NULL,
    vis_emp_name      TEXT NOT NULL,
    vis_emp_last_name TEXT NOT NULL DEFAULT '',
    visit_emp_phone   TEXT NOT NULL DEFAULT '',
    company           TEXT NOT NULL DEFAULT '',
    visit_reason      TEXT NOT NULL DEFAULT '',
    visitor_count     INTEGER NOT NULL DEFAULT 1,
    start_time        TEXT NOT NULL,
    end_time          TEXT,
    card_no           TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    car_plate         TEXT NOT NULL DEFAULT '',
    visited_emp_dept  TEXT NOT NULL DEFAULT ''
);
