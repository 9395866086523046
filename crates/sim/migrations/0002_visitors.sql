-- Visitors as people (their pins look like 800000001), invitations (reservations) with single-use QR codes,
-- and the planned end of a registered visit (`end_time` stays the check-out time).

CREATE TABLE visitors (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    pin         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    cert_type   INTEGER NOT NULL,
    cert_number TEXT NOT NULL,
    company     TEXT NOT NULL DEFAULT '',
    car_plate   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    UNIQUE (cert_type, cert_number)
);

CREATE TABLE reservations (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    visitor_pin     TEXT NOT NULL,
    pers_person_pin TEXT NOT NULL,
    cert_type       INTEGER NOT NULL,
    cert_num        TEXT NOT NULL,
    visit_reason    TEXT NOT NULL DEFAULT '',
    visit_date      TEXT NOT NULL,
    visit_end_date  TEXT NOT NULL,
    -- epoch ms at which the invitation's QR admitted its visitor; NULL until then (it admits once)
    used_ms         INTEGER
);
CREATE INDEX reservations_cert ON reservations (cert_type, cert_num);

ALTER TABLE visits ADD COLUMN planned_end_time TEXT;

-- Databases seeded before this migration: their visitors come from the visit history.
INSERT OR IGNORE INTO visitors (id, pin, name, last_name, cert_type, cert_number, company, car_plate, phone, email)
SELECT lower(hex(randomblob(16))), vis_emp_pin, vis_emp_name, vis_emp_last_name, cert_type, cert_num, company,
       car_plate, visit_emp_phone, email
FROM visits ORDER BY seq;
