// Coverage figures over every area of the tree the given root area heads but the root itself (scanned by the stored
// `root`: walking the whole tree down is slower) (coverage may come from above; graph/derived.py keeps
// each area's covering domains in `covered`).
// params: domain, withinAreaId
WITH cast($domain AS STRING) AS f_domain
MATCH (y:Area)
WHERE y.root = $withinAreaId AND y.id <> $withinAreaId
WITH y, (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(list_contains(y.covered, f_domain), false) END) AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
