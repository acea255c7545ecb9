-- A volunteer's tally is recounted from the records each time its grain activates: after every
-- restart, for every volunteer at once. The index holds every column that recount reads, so it
-- can be answered by an index-only scan of the volunteer's entries instead of a heap fetch per
-- record. Built without CONCURRENTLY because migrations run in a transaction: on a large table,
-- apply it while the silos are stopped (the compose file's migrate step does).
DROP INDEX IF EXISTS ix_help_record_volunteer;
CREATE INDEX IF NOT EXISTS ix_help_record_volunteer_tally
    ON help_record (campaign_id, volunteer_id, team_id, ward_id, service, channel, outcome) INCLUDE (voided_at, minutes);
