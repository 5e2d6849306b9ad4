// 最后一公里: every area, that no service (of the domain) covers directly or through any area above
// them (graph/derived.py keeps each area's covering domains in `covered`).
// params: domain, first, kind, remoteOnly
WITH cast($domain AS STRING) AS f_domain, cast($kind AS STRING) AS f_kind, cast($remoteOnly AS BOOLEAN) AS f_remote
MATCH (y:Area)
WHERE (NOT f_remote OR y.remote = true)
  AND (f_kind IS NULL OR y.kind = f_kind)
  AND NOT (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(list_contains(y.covered, f_domain), false) END)
RETURN y.id AS area
ORDER BY area
LIMIT $first
