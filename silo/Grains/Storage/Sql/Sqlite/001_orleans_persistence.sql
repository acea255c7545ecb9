-- Grain state for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4).
--
-- The provider runs no SQL of its own: at start-up it reads its statements from OrleansQuery by
-- key, binds fixed parameter names (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
-- @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @GrainStateVersion, @PayloadBinary)
-- and reads the result columns by name (PayloadBinary, Version, NewGrainStateVersion).
-- Microsoft.Data.Sqlite ignores the parameters a statement does not use, so the hashes are bound
-- but not stored: the unique key below finds the row on its own.

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE orleans_storage
(
    service_id         TEXT    NOT NULL,
    grain_type         TEXT    NOT NULL,
    grain_id_n0        INTEGER NOT NULL,
    grain_id_n1        INTEGER NOT NULL,
    -- '' stands for "no key extension". A NULL here would let two rows share one grain, because
    -- SQLite treats NULLs in a unique key as distinct; Orleans refuses empty key extensions, so
    -- '' cannot be mistaken for a real one.
    grain_id_extension TEXT    NOT NULL,
    -- NULL after ClearStateAsync: the row and its version stay, so a stale writer still conflicts.
    payload            BLOB,
    version            INTEGER NOT NULL,
    modified_at        TEXT    NOT NULL,
    -- One row per grain: a second activation's first write conflicts instead of adding a row.
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- A first write (@GrainStateVersion NULL) inserts version 1; any later write must name the
-- version it read. Each statement is atomic on its own and at most one of them can change a row,
-- so a lost race returns no row, which the provider turns into an InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ifnull(@GrainIdExtensionString, ''''), @PayloadBinary, 1,
       strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;

UPDATE orleans_storage
SET payload = @PayloadBinary,
    version = version + 1,
    modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = ifnull(@GrainIdExtensionString, '''');
');

-- The provider reads the first column; no row means the version moved on (a conflict).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE orleans_storage
SET payload = NULL,
    version = version + 1,
    modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
');

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The
-- provider only needs a value that differs from the grain's ETag, and forgets the ETag afterwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
');
