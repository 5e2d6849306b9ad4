// Coverage figures over every area (coverage may come from above; graph/derived.py keeps
// each area's covering domains in `covered`).
// params: domain
WITH $domain AS f_domain
MATCH (y:Area)
WITH y, (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(f_domain IN y.covered, false) END) AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
