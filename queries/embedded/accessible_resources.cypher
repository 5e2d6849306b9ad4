// 资源共享: every resource the unit can use - shared via one of its effective alliances
// (joined directly or any alliance above them by PART_OF), or its own - with the alliances it comes through.
// Each step is an OPTIONAL MATCH from the looked-up unit: LadybugDB then follows adjacency from it
// instead of joining whole relationship tables.
// params: kind, unitId
WITH cast($kind AS STRING) AS f_kind
MATCH (u:Unit {id: $unitId})
OPTIONAL MATCH (u)-[:JOINS]->(b:Alliance)
OPTIONAL MATCH (b)-[:PART_OF*0..]->(a:Alliance)
OPTIONAL MATCH (a)<-[:SHARED_VIA]-(r:Resource)
OPTIONAL MATCH (r)<-[:PROVIDES]-(p:Unit)
WITH f_kind, r, p, a
WHERE r IS NOT NULL AND (f_kind IS NULL OR r.kind = f_kind)
RETURN DISTINCT r.id AS resource, p.id AS provider, p.id = $unitId AS own, a.id AS via
UNION
WITH cast($kind AS STRING) AS f_kind
MATCH (u:Unit {id: $unitId})
OPTIONAL MATCH (u)-[:PROVIDES]->(r:Resource)
WITH f_kind, u, r
WHERE r IS NOT NULL AND (f_kind IS NULL OR r.kind = f_kind)
RETURN r.id AS resource, u.id AS provider, true AS own, cast(NULL AS STRING) AS via
