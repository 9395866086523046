-- Visitor registrations made through the app. A row is written (with its outbox row) before CVSecurity
-- is asked, so a registration accepted while CVSecurity is down is registered as soon as it answers.
-- The photos of the licence plate or goods are kept here: the vendor API takes none.
CREATE TABLE visit_registrations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    registered_by TEXT NOT NULL,
    request       TEXT NOT NULL,          -- the VisitorRegistration, JSON, photos left out
    cert_type     TEXT NOT NULL,          -- CVSecurity's code
    cert_num      TEXT NOT NULL,
    start_at      TEXT NOT NULL,          -- site-local yyyy-MM-dd HH:mm
    created_at    INTEGER NOT NULL
);
CREATE INDEX visit_registrations_visit ON visit_registrations (cert_num, start_at);
CREATE INDEX visit_registrations_start ON visit_registrations (start_at);

CREATE TABLE visit_photos (
    registration_id INTEGER NOT NULL REFERENCES visit_registrations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,        -- plate | goods
    data_url        TEXT NOT NULL
);
CREATE INDEX visit_photos_registration ON visit_photos (registration_id);
