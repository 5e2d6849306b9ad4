// From an organization up its PART_OF chain to the root, each with its depth and its secretary
// (smallest id if several). Every step is an OPTIONAL MATCH from the looked-up organization and
// SHORTEST walks up (see coverage): LadybugDB plans a plain MATCH of these as scans of whole tables.
// params: organizationId
MATCH (o:Organization {id: $organizationId})
OPTIONAL MATCH (m:Member)-[h:HOLDS]->(o)
WHERE h.role = 'SECRETARY'
WITH o, min(m.id) AS secretary
RETURN o.id AS organization, 0 AS depth, secretary
UNION ALL
MATCH (x:Organization {id: $organizationId})
OPTIONAL MATCH p = (x)-[:PART_OF* SHORTEST 1..]->(o:Organization)
OPTIONAL MATCH (m:Member)-[h:HOLDS]->(o)
WHERE h.role = 'SECRETARY'
WITH o, length(p) AS depth, min(m.id) AS secretary
WHERE o IS NOT NULL
RETURN o.id AS organization, depth, secretary
