// 人才共享: members having the skill whose WORKS_AT unit is one of the given units.
// params: skill, unitIds
UNWIND $unitIds AS uid
MATCH (m:Member)-[:WORKS_AT]->(:Unit {id: uid})
WHERE list_contains(m.skills, $skill)
RETURN m.id AS member, uid AS unit
