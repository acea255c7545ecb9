-- Grain state for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4).
--
-- The provider runs no SQL of its own: at start-up it reads its statements from OrleansQuery by
-- key, binds fixed parameter names (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
-- @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @GrainStateVersion, @PayloadBinary)
-- and reads the result columns by name (PayloadBinary, Version, NewGrainStateVersion), so the
-- result aliases are quoted to keep their case. The hashes are bound but not stored: the unique
-- key below finds the row on its own.
--
-- OrleansQuery is left unquoted because the providers query it as "SELECT QueryKey, QueryText
-- FROM OrleansQuery" and Npgsql matches column names case-insensitively.

CREATE TABLE OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE orleans_storage
(
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    -- '' stands for "no key extension", because NULLs in a unique key are distinct and would let
    -- two rows share one grain. Orleans refuses empty key extensions, so '' cannot be a real one.
    grain_id_extension text        NOT NULL,
    -- NULL after ClearStateAsync: the row and its version stay, so a stale writer still conflicts.
    payload            bytea,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL,
    -- One row per grain: a second activation's first write conflicts instead of adding a row.
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- A first write (@GrainStateVersion NULL) inserts version 1; any later write must name the
-- version it read. A lost race returns no row, which the provider turns into an
-- InconsistentStateException. ON CONFLICT waits for a concurrent first insert of the same grain
-- and then does nothing, so two first writes can never both succeed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $query$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary,
        version = version + 1,
        modified_at = now()
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $query$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '');
$query$);

-- The provider reads the first column; no row means the version moved on (a conflict).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $query$
UPDATE orleans_storage
SET payload = NULL,
    version = version + 1,
    modified_at = now()
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$query$);

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The
-- provider only needs a value that differs from the grain's ETag, and forgets the ETag afterwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $query$
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$query$);
