// Coverage figures over the areas of the tree the given root heads, scanned by the stored `root`
// (faster than walking a whole province down); the root itself is counted too: the caller takes it out.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: domain, withinAreaId
MATCH (y:Area)
WHERE y.root = $withinAreaId
WITH y, coalesce(list_contains(y.covered, $domain), false) AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
