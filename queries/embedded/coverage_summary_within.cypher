// Coverage figures over the areas strictly within the given one, walked down from it (coverage may come from above; graph/derived.py keeps
// each area's covering domains in `covered`).
// params: domain, withinAreaId
WITH cast($domain AS STRING) AS f_domain
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WITH y, (CASE WHEN f_domain IS NULL THEN y.covered IS NOT NULL ELSE coalesce(list_contains(y.covered, f_domain), false) END) AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
