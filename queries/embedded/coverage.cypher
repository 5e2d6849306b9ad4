// Who reaches this area: services covering it or any area it lies WITHIN, their delivering alliance
// or brand, and the delivering units (a brand's unit; every effective member of an alliance).
// params: areaId, domain
WITH cast($domain AS STRING) AS f_domain
MATCH (x:Area {id: $areaId})-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)-[:DELIVERED_BY]->(a:Alliance)
WHERE f_domain IS NULL OR s.domain = f_domain
OPTIONAL MATCH (a)<-[:PART_OF*0..]-(:Alliance)<-[:JOINS]-(u:Unit)
RETURN DISTINCT s.id AS service, a.id AS alliance, u.id AS unit
UNION
WITH cast($domain AS STRING) AS f_domain
MATCH (x:Area {id: $areaId})-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)-[:DELIVERED_BY]->(b:Brand)
WHERE f_domain IS NULL OR s.domain = f_domain
OPTIONAL MATCH (u:Unit)-[:RUNS]->(b)
RETURN DISTINCT s.id AS service, cast(NULL AS STRING) AS alliance, u.id AS unit
