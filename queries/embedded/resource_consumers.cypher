// The other units that can use one of this unit's resources: members, directly or through a
// sub-alliance, of an alliance the resource is shared via.
// params: unitId
MATCH (u:Unit {id: $unitId})-[:PROVIDES]->(:Resource)-[:SHARED_VIA]->(a:Alliance)<-[:PART_OF*0..]-(:Alliance)<-[:JOINS]-(c:Unit)
WHERE c.id <> $unitId
RETURN DISTINCT c.id AS unit
ORDER BY unit
