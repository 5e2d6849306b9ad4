// Every shortest alliance path between two distinct units over direct JOINS (unit - alliance - unit ...),
// at most 12 alliances long; the caller keeps the one with the smallest id sequence.
// params: fromUnitId, maxHops, toUnitId
MATCH (a:Unit {id: $fromUnitId})
MATCH (b:Unit {id: $toUnitId})
MATCH p = allShortestPaths((a)-[:JOINS*..24]-(b))
WHERE length(p) <= 2 * $maxHops
RETURN [n IN nodes(p) | n.id] AS ids
