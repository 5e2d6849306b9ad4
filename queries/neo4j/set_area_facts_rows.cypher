// Store a few areas' derived facts row by row (see create_*_rows).
// params: rows
UNWIND $rows AS row
MATCH (a:Area {id: row.id})
SET a.covered = row.covered, a.root = row.root
