// The derived counts of the given units (graph/derived.py): alliances joined directly, distinct partners.
// params: ids
UNWIND $ids AS k
MATCH (u:Unit {id: k})
OPTIONAL MATCH (u)-[:JOINS]->(a:Alliance)
OPTIONAL MATCH (a)<-[:JOINS]-(p:Unit)
WITH u, count(DISTINCT a) AS joined, count(DISTINCT CASE WHEN p.id <> u.id THEN p.id END) AS partners
SET u.joined = joined, u.partners = partners
