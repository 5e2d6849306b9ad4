// Every area with its parent and the domains of the services covering it directly (graph/derived.py).
// params: none
MATCH (y:Area)
OPTIONAL MATCH (y)-[:WITHIN]->(p:Area)
OPTIONAL MATCH (y)<-[:COVERS]-(s:Service)
RETURN y.id AS area, y.covered AS covered, y.root AS root, p.id AS parent, p.covered AS parentCovered,
       p.root AS parentRoot,
       collect(DISTINCT s.domain) AS domains
