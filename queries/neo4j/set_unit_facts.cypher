// Store units' derived counts (graph/derived.py).
// params: rows
UNWIND $rows AS row
MATCH (u:Unit {id: row.id})
SET u.partners = row.partners, u.joined = row.joined
