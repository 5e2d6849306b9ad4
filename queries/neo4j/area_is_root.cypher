// Whether the area heads its WITHIN tree (stored `root`, graph/derived.py), and what it counts for in
// a summary of its tree: coverage over a whole tree scans areas by root instead of walking the tree.
// No row when there is no such area.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: areaId, domain
MATCH (y:Area {id: $areaId})
RETURN y.root = y.id AS isRoot, coalesce(y.remote, false) AS remote, coalesce($domain IN y.covered, false) AS covered
