// gapClosers over a province: every service and the areas it COVERS directly, with its domain.
// params: none
MATCH (s:Service)-[:COVERS]->(a:Area)
RETURN a.id AS area, s.id AS service, s.domain AS domain
