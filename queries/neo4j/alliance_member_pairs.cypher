// partnerSuggestions: the units joining each of the given alliances directly, as ids only (the
// alliances' members can be most of a province; their properties are not needed).
// params: ids
UNWIND $ids AS k
MATCH (a:Alliance {id: k})<-[:JOINS]-(u:Unit)
RETURN a.id AS alliance, u.id AS unit
