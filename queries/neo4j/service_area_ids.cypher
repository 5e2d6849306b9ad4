// The areas the given services cover directly: the subtrees whose coverage a service change moves.
// params: ids
UNWIND $ids AS k
MATCH (s:Service {id: k})
OPTIONAL MATCH (s)-[:COVERS]->(a:Area)
RETURN DISTINCT a.id AS area
