-- A volunteer's tally is recounted from the records each time its grain activates: after every
-- restart, for every volunteer at once. The index holds every column that recount reads, so the
-- recount walks the volunteer's adjacent index entries; pages written since the last vacuum are
-- still checked in the table, so a same-day recount reads some of it. Built without CONCURRENTLY
-- because migrations run in a transaction: the build blocks writes, not reads, so on a large table
-- apply it while the silos are stopped (the compose file's migrate step does). The old index goes
-- last, so the exclusive lock its drop takes lasts only until the commit.
CREATE INDEX IF NOT EXISTS ix_help_record_volunteer_tally
    ON help_record (campaign_id, volunteer_id, team_id, ward_id, service, channel, outcome) INCLUDE (voided_at, minutes);
DROP INDEX IF EXISTS ix_help_record_volunteer;
