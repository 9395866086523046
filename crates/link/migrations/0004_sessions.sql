-- Sessions that end when they should: a refresh token used a second time ends its whole session (it was
-- stolen, or the app is confused); a person's session ends when their CVSecurity password changes.
ALTER TABLE sessions ADD COLUMN prev_refresh_hash BLOB;
-- SHA-256 of the person's self-service password hash at login (personnel only).
ALTER TABLE sessions ADD COLUMN credential_tag TEXT;
CREATE INDEX sessions_prev_refresh ON sessions (prev_refresh_hash);
