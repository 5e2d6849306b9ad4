// Every WITHIN link as (child, parent): the chains graph/derived.py walks down.
// params: none
MATCH (c:Area)-[:WITHIN]->(p:Area)
RETURN c.id AS child, p.id AS parent
