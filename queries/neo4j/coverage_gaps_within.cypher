// 最后一公里: the areas strictly within the given one (walked down from it) that no service (of the
// domain) covers, the first $first by id.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: domain, first, kind, remoteOnly, withinAreaId
MATCH (x:Area {id: $withinAreaId})
OPTIONAL MATCH (x)<-[:WITHIN*1..]-(y:Area)
WITH y
WHERE y IS NOT NULL
  AND (NOT $remoteOnly OR y.remote = true)
  AND ($kind IS NULL OR y.kind = $kind)
  AND NOT coalesce($domain IN y.covered, false)
RETURN y.id AS area
ORDER BY area
LIMIT $first
