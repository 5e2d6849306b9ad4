// One page of the audit log, newest first (ids sort by time).
// params: before, first
MATCH (e:AuditEntry)
WHERE $before IS NULL OR e.id < $before
RETURN e.id AS id, e.at AS at, e.actor AS actor, e.role AS role, e.operation AS operation, e.ids AS ids,
       e.before AS before, e.after AS after
ORDER BY id DESC
LIMIT $first
