// Append one entry to the audit log (entries are never updated or deleted).
// params: actor, after, at, before, id, ids, operation, role
CREATE (:AuditEntry {id: $id, at: $at, actor: $actor, role: $role, operation: $operation, ids: $ids,
                     before: $before, after: $after})
