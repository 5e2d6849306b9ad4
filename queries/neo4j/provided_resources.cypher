// The unit's own resources and whether each is shared via at least one alliance (unitSharing).
// params: unitId
MATCH (u:Unit {id: $unitId})-[:PROVIDES]->(r:Resource)
RETURN r.id AS resource, EXISTS { MATCH (r)-[:SHARED_VIA]->(:Alliance) } AS shared
ORDER BY resource
