-- Who changed an account, a role or an assignment, when, and why. scope_path lists the units (and team,
-- volunteer) the change touched from the root down, '/u-…/u-…/t-…/', so an organiser's view of their
-- subtree is one LIKE. Never holds a password, PIN, token or phone.
CREATE TABLE IF NOT EXISTS access_audit (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    scope_path text        NOT NULL,
    details    text        NOT NULL,
    reason     text        NULL
);

CREATE INDEX IF NOT EXISTS ix_access_audit_at ON access_audit (at);
