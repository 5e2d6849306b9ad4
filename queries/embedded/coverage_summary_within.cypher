// Coverage figures over the areas strictly within the given area (coverage may come from above it).
// params: domain, withinAreaId
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WITH DISTINCT y
WITH y, EXISTS { MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service) WHERE cast($domain AS STRING) IS NULL OR s.domain = cast($domain AS STRING) } AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
