// Units with the most distinct partners (units joining one of the same alliances directly), then the
// most alliances joined directly, then by id: read from the counts graph/derived.py keeps on each unit.
// params: first
MATCH (u:Unit)
WHERE u.partners > 0
RETURN u.id AS unit, u.partners AS partners, u.joined AS alliances
ORDER BY partners DESC, alliances DESC, unit
LIMIT $first
