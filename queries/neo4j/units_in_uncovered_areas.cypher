// partnerSuggestions: the units located in an area that no service of one of $domains covers (`covered`,
// graph/derived.py, holds the domains covering each area directly or through any area above it).
// params: domains
MATCH (c:Unit)-[:LOCATED_IN]->(a:Area)
WHERE any(d IN $domains WHERE NOT coalesce(d IN a.covered, false))
RETURN c.id AS unit, a.id AS area
