// partnerSuggestions: the units located in an area that no service of $domain covers (`covered`,
// graph/derived.py, holds the domains covering each area directly or through any area above it).
// params: domain
MATCH (c:Unit)-[:LOCATED_IN]->(a:Area)
WHERE NOT coalesce($domain IN a.covered, false)
RETURN c.id AS unit, a.id AS area
