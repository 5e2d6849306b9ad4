// 人才共享: members having the skill whose WORKS_AT unit is one of the given units. The skill test
// sits inside the OPTIONAL MATCH (LadybugDB then filters while it follows WORKS_AT); a unit without
// such a member gives one row with a null member, which the caller drops.
// params: skill, unitIds
UNWIND $unitIds AS uid
MATCH (u:Unit {id: uid})
OPTIONAL MATCH (u)<-[:WORKS_AT]-(m:Member)
WHERE list_contains(m.skills, $skill)
RETURN m.id AS member, uid AS unit
