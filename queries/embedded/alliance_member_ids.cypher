// The units joining the given alliances directly: whose partner counts a change of membership moves.
// params: ids
UNWIND $ids AS k
MATCH (a:Alliance {id: k})
OPTIONAL MATCH (a)<-[:JOINS]-(u:Unit)
RETURN DISTINCT u.id AS unit
