-- Fingerprint templates (manual 2.1.4, `bioTemplate/...`): up to ten per person, one per finger (`template_no` 0-9).

CREATE TABLE bio_templates (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    pin         TEXT NOT NULL,
    valid_type  INTEGER NOT NULL,
    template    TEXT NOT NULL,
    template_no INTEGER NOT NULL,
    UNIQUE (pin, template_no)
);
