// 最后一公里: the areas strictly within the given one, walked down from it, that no service (of the domain) covers directly or through any area above
// them (graph/derived.py keeps each area's covering domains in `covered`).
// params: domain, first, kind, remoteOnly, withinAreaId
WITH $domain AS f_domain, $kind AS f_kind, $remoteOnly AS f_remote
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WHERE (NOT f_remote OR y.remote = true)
  AND (f_kind IS NULL OR y.kind = f_kind)
  AND NOT (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(f_domain IN y.covered, false) END)
RETURN y.id AS area
ORDER BY area
LIMIT $first
