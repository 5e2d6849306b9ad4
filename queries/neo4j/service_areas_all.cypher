// gapClosers over a province: every service, the areas it COVERS directly and their parents, with its
// domain.
// params: none
MATCH (s:Service)-[:COVERS]->(a:Area)
OPTIONAL MATCH (a)-[:WITHIN]->(p:Area)
RETURN a.id AS area, p.id AS parent, s.id AS service, s.domain AS domain
