// Who reaches this area: services covering it or any area it lies WITHIN, their delivering alliance
// or brand, and the delivering units (a brand's unit; every effective member of an alliance).
// params: areaId, domain
MATCH (x:Area {id: $areaId})-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)-[:DELIVERED_BY]->(a:Alliance)
WHERE $domain IS NULL OR s.domain = $domain
OPTIONAL MATCH (a)<-[:PART_OF*0..]-(:Alliance)<-[:JOINS]-(u:Unit)
RETURN DISTINCT s.id AS service, a.id AS alliance, u.id AS unit
UNION
MATCH (x:Area {id: $areaId})-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)-[:DELIVERED_BY]->(b:Brand)
WHERE $domain IS NULL OR s.domain = $domain
OPTIONAL MATCH (u:Unit)-[:RUNS]->(b)
RETURN DISTINCT s.id AS service, null AS alliance, u.id AS unit
