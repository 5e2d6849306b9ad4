// The other units that can use one of this unit's resources: members, directly or through a
// sub-alliance, of an alliance the resource is shared via (adjacency from the unit, see accessible_resources).
// params: unitId
MATCH (u:Unit {id: $unitId})
OPTIONAL MATCH (u)-[:PROVIDES]->(:Resource)-[:SHARED_VIA]->(a:Alliance)
OPTIONAL MATCH (a)<-[:PART_OF*0..]-(b:Alliance)
OPTIONAL MATCH (b)<-[:JOINS]-(c:Unit)
WITH c
WHERE c.id <> $unitId
RETURN DISTINCT c.id AS unit
ORDER BY unit
