-- Help records are the platform's ground truth: every count on every screen derives from them.
-- The phone makes record_id, and the primary key makes a second copy impossible whatever the
-- grains do. Times are Unix milliseconds (UTC).
CREATE TABLE IF NOT EXISTS help_record (
    campaign_id  TEXT    NOT NULL,
    record_id    TEXT    NOT NULL,
    volunteer_id TEXT    NOT NULL,
    team_id      TEXT    NOT NULL,
    ward_id      TEXT    NOT NULL,
    place_id     TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    procedure    TEXT    NULL,
    channel      TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 480),
    occurred_at  INTEGER NOT NULL,
    accepted_at  INTEGER NOT NULL,
    voided_at    INTEGER NULL,
    void_reason  TEXT    NULL,
    PRIMARY KEY (campaign_id, record_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS ix_help_record_volunteer ON help_record (campaign_id, volunteer_id);
