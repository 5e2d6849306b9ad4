// partnerSuggestions: per unit, how many of the resources it provides lie outside $ids (what the asking
// unit can use today), i.e. what an alliance with it would bring.
// params: ids
MATCH (c:Unit)-[:PROVIDES]->(r:Resource)
WHERE NOT r.id IN $ids
RETURN c.id AS unit, count(r) AS resources
