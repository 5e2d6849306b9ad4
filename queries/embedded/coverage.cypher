// Who reaches this area: services covering it or any area it lies WITHIN, their delivering alliance
// or brand, and the delivering units (a brand's unit; every effective member of an alliance).
// The areas above are found with SHORTEST, which LadybugDB walks up from the area (a plain upward
// variable-length pattern is planned from the other end, over the whole area table).
// params: areaId, domain
WITH cast($domain AS STRING) AS f_domain
MATCH (x:Area {id: $areaId})
OPTIONAL MATCH (x)<-[:COVERS]-(s:Service)
WITH f_domain, s
WHERE s IS NOT NULL AND (f_domain IS NULL OR s.domain = f_domain)
OPTIONAL MATCH (s)-[:DELIVERED_BY]->(a:Alliance)
OPTIONAL MATCH (a)<-[:PART_OF*0..]-(c:Alliance)
OPTIONAL MATCH (c)<-[:JOINS]-(u:Unit)
OPTIONAL MATCH (s)-[:DELIVERED_BY]->(b:Brand)
OPTIONAL MATCH (b)<-[:RUNS]-(v:Unit)
RETURN DISTINCT s.id AS service, a.id AS alliance, coalesce(u.id, v.id) AS unit
UNION
WITH cast($domain AS STRING) AS f_domain
MATCH (x:Area {id: $areaId})
OPTIONAL MATCH (x)-[:WITHIN* SHORTEST 1..]->(z:Area)
OPTIONAL MATCH (z)<-[:COVERS]-(s:Service)
WITH f_domain, s
WHERE s IS NOT NULL AND (f_domain IS NULL OR s.domain = f_domain)
OPTIONAL MATCH (s)-[:DELIVERED_BY]->(a:Alliance)
OPTIONAL MATCH (a)<-[:PART_OF*0..]-(c:Alliance)
OPTIONAL MATCH (c)<-[:JOINS]-(u:Unit)
OPTIONAL MATCH (s)-[:DELIVERED_BY]->(b:Brand)
OPTIONAL MATCH (b)<-[:RUNS]-(v:Unit)
RETURN DISTINCT s.id AS service, a.id AS alliance, coalesce(u.id, v.id) AS unit
