// Store many units' derived counts at once (graph/derived.py), from a bulk table.
// params: rows
LOAD FROM $rows
WITH id AS key, partners, joined
MATCH (u:Unit {id: key})
SET u.partners = partners, u.joined = joined
