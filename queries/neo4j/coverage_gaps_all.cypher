// 最后一公里: the areas that no service (of the domain) covers, the first $first by id.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: domain, first, kind, remoteOnly
MATCH (y:Area)
WHERE (NOT $remoteOnly OR y.remote = true)
  AND ($kind IS NULL OR y.kind = $kind)
  AND NOT coalesce($domain IN y.covered, false)
RETURN y.id AS area
ORDER BY area
LIMIT $first
