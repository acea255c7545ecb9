-- The audit trail: who did what to which thing, when and why. Rows are only ever added; a void
-- and its audit row commit in one transaction, so the trail cannot miss a correction.
CREATE TABLE IF NOT EXISTS audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    campaign_id text        NULL,
    reason      text        NULL,
    details     jsonb       NULL
);

CREATE INDEX IF NOT EXISTS ix_audit_event_campaign ON audit_event (campaign_id, id);
