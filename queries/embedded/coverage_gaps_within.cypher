// 最后一公里: areas strictly within the given area that no service (of the domain) covers, directly
// or through any area above them - even above the given one.
// params: domain, kind, remoteOnly, withinAreaId
WITH cast($kind AS STRING) AS f_kind, cast($remoteOnly AS BOOLEAN) AS f_remote
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WHERE (NOT f_remote OR y.remote = true)
  AND (f_kind IS NULL OR y.kind = f_kind)
  AND NOT EXISTS {
    MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)
    WHERE cast($domain AS STRING) IS NULL OR s.domain = cast($domain AS STRING)
  }
RETURN DISTINCT y.id AS area
ORDER BY area
