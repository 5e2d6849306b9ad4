// From an organization up its PART_OF chain to the root, each with its secretary (smallest id if several).
// params: organizationId
MATCH p = (:Organization {id: $organizationId})-[:PART_OF*0..]->(o:Organization)
OPTIONAL MATCH (m:Member)-[h:HOLDS]->(o)
WHERE h.role = 'SECRETARY'
WITH o, length(p) AS depth, min(m.id) AS secretary
RETURN o.id AS organization, depth, secretary
ORDER BY depth
