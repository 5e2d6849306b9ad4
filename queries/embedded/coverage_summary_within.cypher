// Coverage figures over the areas strictly within the given area (coverage may come from above it).
// params: domain, withinAreaId
WITH cast($domain AS STRING) AS f_domain
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WITH DISTINCT y, f_domain
WITH y, EXISTS { MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service) WHERE f_domain IS NULL OR s.domain = f_domain } AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
