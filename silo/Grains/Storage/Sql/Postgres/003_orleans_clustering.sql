-- Cluster membership for Orleans' ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4).
--
-- Silos and clients read every row of OrleansQuery at start-up and refuse to start unless all of
-- these keys are present: GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
-- InsertMembershipVersionKey, InsertMembershipKey, UpdateMembershipKey, UpdateIAmAlivetimeKey,
-- DeleteMembershipTableEntriesKey and CleanupDefunctSiloEntriesKey. Parameters are bound by name
-- (@DeploymentId is the cluster id; @Address, @Port, @Generation name a silo; times arrive as UTC
-- DateTime) and result columns are read by name, so the aliases are quoted to keep their case.
--
-- The optional CleanupDefunctSiloEntryKey is left out on purpose: with it the provider deletes
-- rows one by one by exact timestamp equality, which depends on how the driver types DateTime
-- parameters; the bulk CleanupDefunctSiloEntriesKey below has no such dependency.

-- One row per cluster. Its version is the membership table's ETag: every membership change
-- bumps it in the same statement, so two silos acting on the same snapshot cannot both win.
CREATE TABLE orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    -- Orleans' own encoding: "silo,time|silo,time", parsed by the provider.
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Status = 3 (Active) is bound by the provider; a proxy port of 0 means "not a gateway".
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $query$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$query$);

-- The provider takes the table version from the first row and treats a NULL StartTime as "no
-- member", so the version row leads and members are joined onto it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$query$);

-- Every silo tries this at start-up; the provider expects exactly one boolean row back.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $query$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$query$);

-- The version bump comes first: its row lock queues concurrent writers, and one that waited
-- finds the version moved and changes nothing. The member is only inserted through the bumped
-- row, so the table never changes without its version, and a silo already present is refused
-- before the version moves.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1,
        updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND version < 2147483647
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership
          WHERE deployment_id = @DeploymentId
            AND address = @Address
            AND port = @Port
            AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$query$);

-- Same shape as the insert. IAmAliveTime never moves backwards: a late status write must not
-- undo a newer heartbeat.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1,
        updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND version < 2147483647
      AND EXISTS (
          SELECT 1 FROM orleans_membership
          WHERE deployment_id = @DeploymentId
            AND address = @Address
            AND port = @Port
            AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = greatest(m.i_am_alive_time, @IAmAliveTime)
    FROM bumped b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS "Updated";
$query$);

-- Heartbeats are not membership changes, so the version stays; Orleans ignores the result.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_membership
SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$query$);

-- Members go with the version row (ON DELETE CASCADE).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId;
$query$);

-- @IAmAliveTime is the cut-off. Only silos declared dead (Status = 6) that neither started nor
-- reported in since then are removed; the version is not bumped, as a dead row changes nobody's
-- view of the cluster.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime;
$query$);
