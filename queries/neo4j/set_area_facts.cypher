// Store many areas' derived facts at once (graph/derived.py).
// params: rows
UNWIND $rows AS row
MATCH (a:Area {id: row.id})
SET a.covered = row.covered, a.root = row.root
