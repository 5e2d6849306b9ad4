// 最后一公里: the areas of the tree the given root heads (the root itself excluded) that no service
// (of the domain) covers, the first $first by id; scanned by the stored `root`, which is faster than
// walking a whole province down.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: domain, first, kind, remoteOnly, withinAreaId
MATCH (y:Area)
WHERE y.root = $withinAreaId
  AND y.id <> $withinAreaId
  AND (NOT cast($remoteOnly AS BOOLEAN) OR y.remote = true)
  AND (cast($kind AS STRING) IS NULL OR y.kind = cast($kind AS STRING))
  AND NOT coalesce(list_contains(y.covered, $domain), false)
RETURN y.id AS area
ORDER BY area
LIMIT $first
