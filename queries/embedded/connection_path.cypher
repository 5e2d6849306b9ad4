// Every shortest alliance path between two distinct units over direct JOINS (unit - alliance - unit ...),
// at most 12 alliances long; the caller keeps the one with the smallest id sequence.
// params: fromUnitId, maxHops, toUnitId
MATCH p = (a:Unit {id: $fromUnitId})-[:JOINS* ALL SHORTEST 1..24]-(b:Unit {id: $toUnitId})
WHERE length(p) <= 2 * $maxHops
RETURN list_transform(nodes(p), n -> n.id) AS ids
