// Every area a service covers directly, with the service's domain (graph/derived.py).
// params: none
MATCH (s:Service)-[:COVERS]->(a:Area)
RETURN DISTINCT a.id AS area, s.domain AS domain
