// Units with the most distinct partners (units joining one of the same alliances directly), then the
// most alliances joined directly, then by id.
// params: first
MATCH (u:Unit)-[:JOINS]->(:Alliance)<-[:JOINS]-(p:Unit)
WHERE p.id <> u.id
WITH u, count(DISTINCT p) AS partners
MATCH (u)-[:JOINS]->(a:Alliance)
WITH u, partners, count(DISTINCT a) AS alliances
RETURN u.id AS unit, partners, alliances
ORDER BY partners DESC, alliances DESC, unit
LIMIT $first
