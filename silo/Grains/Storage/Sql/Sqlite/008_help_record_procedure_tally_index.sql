-- Tallies count procedures too, so the recount after a restart groups by procedure as well; the
-- covering index gains the column, or every recount would read the table row of each record.
CREATE INDEX IF NOT EXISTS ix_help_record_volunteer_procedure_tally
    ON help_record (campaign_id, volunteer_id, team_id, ward_id, service, procedure, channel, outcome, voided_at, minutes);
DROP INDEX IF EXISTS ix_help_record_volunteer_tally;
