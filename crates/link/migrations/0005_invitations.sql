-- Visitor invitations by personnel, the durable outbox that delivers their e-mails, and the app passwords
-- people set in the app (the vendor API cannot change a self-service password).
CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    inviter      TEXT NOT NULL,           -- the host's pin
    host_name    TEXT NOT NULL,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL,
    mobile       TEXT NOT NULL DEFAULT '',
    start_at     TEXT NOT NULL,           -- site-local yyyy-MM-dd HH:mm
    end_at       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    visitors     INTEGER NOT NULL,
    remarks      TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL,
    cert_num     TEXT NOT NULL UNIQUE,    -- the invitation's visitor upstream (certificate type 8, other)
    visitor_pin  TEXT NOT NULL,
    qr           TEXT NOT NULL,
    reinvite_of  INTEGER REFERENCES invitations (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX invitations_inviter ON invitations (inviter, id);

-- Work that must reach a mail server after the request was answered. A row is written in the same
-- transaction as what it delivers, retried with back-off until sent or refused for good; its
-- Message-ID is fixed when it is queued, so a retry after an unknown outcome is recognisable.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,            -- invitation_mail
    ref_id      INTEGER NOT NULL,
    message_id  TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL,            -- queued | sending | sent | failed
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE UNIQUE INDEX outbox_ref ON outbox (kind, ref_id);

CREATE TABLE app_passwords (
    pin        TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,             -- argon2
    changed_at INTEGER NOT NULL
);
