// Store a few areas' derived facts row by row (see create_*_rows).
// params: rows
UNWIND $rows AS row
WITH row, row.id AS key
MATCH (a:Area {id: key})
SET a.covered = cast(row.covered AS STRING[]), a.root = row.root
