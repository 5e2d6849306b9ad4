// 最后一公里: every area of the tree the given root area heads but the root itself (scanned by the stored
// `root`: walking the whole tree down is slower), that no service (of the domain) covers directly or through any area above
// them (graph/derived.py keeps each area's covering domains in `covered`).
// params: domain, first, kind, remoteOnly, withinAreaId
WITH cast($domain AS STRING) AS f_domain, cast($kind AS STRING) AS f_kind, cast($remoteOnly AS BOOLEAN) AS f_remote
MATCH (y:Area)
WHERE y.root = $withinAreaId AND y.id <> $withinAreaId
AND (NOT f_remote OR y.remote = true)
  AND (f_kind IS NULL OR y.kind = f_kind)
  AND NOT (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(list_contains(y.covered, f_domain), false) END)
RETURN y.id AS area
ORDER BY area
LIMIT $first
