// 最后一公里: areas strictly within the given area that no service (of the domain) covers, directly
// or through any area above them - even above the given one.
// params: domain, kind, remoteOnly, withinAreaId
MATCH (:Area {id: $withinAreaId})<-[:WITHIN*1..]-(y:Area)
WHERE (NOT $remoteOnly OR y.remote = true)
  AND ($kind IS NULL OR y.kind = $kind)
  AND NOT EXISTS {
    MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)
    WHERE $domain IS NULL OR s.domain = $domain
  }
RETURN DISTINCT y.id AS area
ORDER BY area
