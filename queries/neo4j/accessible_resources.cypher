// 资源共享: every resource the unit can use - shared via one of its effective alliances
// (joined directly or any alliance above them by PART_OF), or its own - with the alliances it comes through.
// params: kind, unitId
MATCH (u:Unit {id: $unitId})-[:JOINS]->(:Alliance)-[:PART_OF*0..]->(a:Alliance)<-[:SHARED_VIA]-(r:Resource)
MATCH (p:Unit)-[:PROVIDES]->(r)
WHERE $kind IS NULL OR r.kind = $kind
RETURN DISTINCT r.id AS resource, p.id AS provider, p.id = $unitId AS own, a.id AS via
UNION
MATCH (u:Unit {id: $unitId})-[:PROVIDES]->(r:Resource)
WHERE $kind IS NULL OR r.kind = $kind
RETURN r.id AS resource, u.id AS provider, true AS own, null AS via
