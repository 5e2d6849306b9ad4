// Coverage figures over the areas strictly within the given one, walked down from it.
// `covered` (graph/derived.py) holds the domains covering each area, directly or through any area above
// it, led by "" for any domain: $domain is "" when any domain will do.
// params: domain, withinAreaId
MATCH (x:Area {id: $withinAreaId})
OPTIONAL MATCH (x)<-[:WITHIN*1..]-(y:Area)
WITH y, coalesce(list_contains(y.covered, $domain), false) AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
