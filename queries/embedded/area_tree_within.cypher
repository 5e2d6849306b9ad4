// The given areas and everything WITHIN them, each with its parent (and the parent's stored facts) and
// the domains of the services covering it directly: what graph/derived.py recomputes them from.
// params: ids
UNWIND $ids AS k
MATCH (x:Area {id: k})
OPTIONAL MATCH (x)<-[:WITHIN*0..]-(y:Area)
WITH DISTINCT y
OPTIONAL MATCH (y)-[:WITHIN]->(p:Area)
OPTIONAL MATCH (y)<-[:COVERS]-(s:Service)
RETURN y.id AS area, y.covered AS covered, y.root AS root, p.id AS parent, p.covered AS parentCovered,
       p.root AS parentRoot,
       collect(DISTINCT s.domain) AS domains
