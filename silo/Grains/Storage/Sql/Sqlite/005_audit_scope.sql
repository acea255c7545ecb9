-- The one audit trail also holds changes of accounts, roles and assignments. scope_path places an entry
-- in the unit tree, '/u-…/u-…/t-…/v-…/', so an organiser's view of their subtree is one LIKE; entries
-- written before it have none and are listed by campaign only. Never holds a password, PIN, token or phone.
ALTER TABLE audit_event ADD COLUMN scope_path TEXT NULL;

-- A development database that ran the accounts branch before the merge had a table of its own for this.
DROP TABLE IF EXISTS access_audit;
