// The given units, each alliance they join directly and that alliance's members, with the units'
// stored derived counts: what graph/derived.py recomputes partners and alliances joined from.
// params: ids
UNWIND $ids AS k
MATCH (u:Unit {id: k})
OPTIONAL MATCH (u)-[:JOINS]->(a:Alliance)
OPTIONAL MATCH (a)<-[:JOINS]-(m:Unit)
RETURN u.id AS unit, a.id AS alliance, m.id AS member, u.partners AS partners, u.joined AS joined
