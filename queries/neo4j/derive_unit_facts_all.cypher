// Every unit's derived counts (graph/derived.py): alliances joined directly and distinct partners.
// params: none
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:JOINS]->(a:Alliance)
OPTIONAL MATCH (a)<-[:JOINS]-(p:Unit)
WITH u, count(DISTINCT a) AS joined, count(DISTINCT CASE WHEN p.id <> u.id THEN p.id END) AS partners
SET u.joined = joined, u.partners = partners
