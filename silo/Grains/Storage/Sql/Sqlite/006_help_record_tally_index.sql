-- A volunteer's tally is recounted from the records each time its grain activates: after every
-- restart, for every volunteer at once. The index holds every column that recount reads, so it
-- is answered from the volunteer's adjacent index entries instead of one table lookup per record,
-- scattered over a day of interleaved inserts. Adding columns to the index that already existed
-- adds bytes to each insert, not another b-tree; the old index goes once the new one is built.
CREATE INDEX IF NOT EXISTS ix_help_record_volunteer_tally
    ON help_record (campaign_id, volunteer_id, team_id, ward_id, service, channel, outcome, voided_at, minutes);
DROP INDEX IF EXISTS ix_help_record_volunteer;
