// Coverage figures over every area.
// params: domain
MATCH (y:Area)
WITH y, EXISTS { MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service) WHERE cast($domain AS STRING) IS NULL OR s.domain = cast($domain AS STRING) } AS covered
RETURN count(y) AS total, count(CASE WHEN covered THEN 1 END) AS coveredCount,
       count(CASE WHEN y.remote THEN 1 END) AS remoteTotal,
       count(CASE WHEN covered AND y.remote THEN 1 END) AS remoteCovered
