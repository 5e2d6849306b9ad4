// Store many areas' derived facts at once (graph/derived.py), from a bulk table.
// params: rows
LOAD FROM $rows
WITH id AS key, covered, root
MATCH (a:Area {id: key})
SET a.covered = covered, a.root = root
