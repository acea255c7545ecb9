-- The audit trail: who did what to which thing, when and why. Rows are only ever added; a void
-- and its audit row commit in one transaction, so the trail cannot miss a correction.
-- Times are Unix milliseconds (UTC); details is a JSON object as text.
CREATE TABLE IF NOT EXISTS audit_event (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    campaign_id TEXT    NULL,
    reason      TEXT    NULL,
    details     TEXT    NULL CHECK (details IS NULL OR json_valid(details))
);

CREATE INDEX IF NOT EXISTS ix_audit_event_campaign ON audit_event (campaign_id, id);
