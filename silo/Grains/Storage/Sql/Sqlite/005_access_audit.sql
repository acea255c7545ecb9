-- Who changed an account, a role or an assignment, when, and why. scope_path lists the units (and team,
-- volunteer) the change touched from the root down, '/u-…/u-…/t-…/', so an organiser's view of their
-- subtree is one LIKE. Times are Unix milliseconds (UTC). Never holds a password, PIN, token or phone.
CREATE TABLE IF NOT EXISTS access_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    scope_path TEXT    NOT NULL,
    details    TEXT    NOT NULL,
    reason     TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_access_audit_at ON access_audit (at);
