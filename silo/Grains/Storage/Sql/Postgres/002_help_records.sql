-- Help records are the platform's ground truth: every count on every screen derives from them.
-- The phone makes record_id, and the primary key makes a second copy impossible whatever the
-- grains do.
CREATE TABLE IF NOT EXISTS help_record (
    campaign_id  text        NOT NULL,
    record_id    text        NOT NULL,
    volunteer_id text        NOT NULL,
    team_id      text        NOT NULL,
    ward_id      text        NOT NULL,
    place_id     text        NOT NULL,
    service      text        NOT NULL,
    procedure    text        NULL,
    channel      text        NOT NULL,
    outcome      text        NOT NULL,
    minutes      integer     NOT NULL CHECK (minutes BETWEEN 0 AND 480),
    occurred_at  timestamptz NOT NULL,
    accepted_at  timestamptz NOT NULL,
    voided_at    timestamptz NULL,
    void_reason  text        NULL,
    PRIMARY KEY (campaign_id, record_id)
);

CREATE INDEX IF NOT EXISTS ix_help_record_volunteer ON help_record (campaign_id, volunteer_id);
