// 人才共享: members having the skill whose WORKS_AT unit is one of the given units.
// params: skill, unitIds
UNWIND $unitIds AS uid
MATCH (u:Unit {id: uid})
OPTIONAL MATCH (u)<-[:WORKS_AT]-(m:Member)
WITH uid, m
WHERE list_contains(m.skills, $skill)
RETURN m.id AS member, uid AS unit
