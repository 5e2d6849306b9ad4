// Store a few units' derived counts row by row (see create_*_rows).
// params: rows
UNWIND $rows AS row
WITH row, row.id AS key
MATCH (u:Unit {id: key})
SET u.partners = cast(row.partners AS INT64), u.joined = cast(row.joined AS INT64)
