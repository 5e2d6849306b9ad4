// How many entries the audit log holds.
// params: none
MATCH (e:AuditEntry)
RETURN count(e) AS total
