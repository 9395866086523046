-- cvlink's own state: accounts, sessions, App Login switches, learned device areas, audit log.
CREATE TABLE admins (
    id            INTEGER PRIMARY KEY,
    account       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- One row per login. Tokens are stored as SHA-256 hashes only; they are 256-bit random values.
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'personnel')),
    subject         TEXT NOT NULL,
    access_hash     BLOB NOT NULL UNIQUE,
    access_expires  INTEGER NOT NULL,
    refresh_hash    BLOB NOT NULL UNIQUE,
    refresh_expires INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);
CREATE INDEX sessions_subject ON sessions (role, subject);

CREATE TABLE app_login (
    pin        TEXT PRIMARY KEY,
    enabled    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- CVSecurity's device list carries no area; cvlink learns it from the access records of each device.
CREATE TABLE device_areas (
    sn         TEXT PRIMARY KEY,
    area       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
