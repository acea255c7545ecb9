-- Officials and leaders review the newest records of their ward or team (helpRecords): this index
-- serves them in order without reading the rest of the campaign. Built without CONCURRENTLY, as
-- 006 is, because migrations run in a transaction: apply it on a large table while the silos are stopped.
CREATE INDEX IF NOT EXISTS ix_help_record_ward ON help_record (campaign_id, ward_id, occurred_at);
