// 最后一公里: every area that no service (of the domain) covers, directly or through an area above it.
// params: domain, kind, remoteOnly
MATCH (y:Area)
WHERE (NOT $remoteOnly OR y.remote = true)
  AND ($kind IS NULL OR y.kind = $kind)
  AND NOT EXISTS {
    MATCH (y)-[:WITHIN*0..]->(:Area)<-[:COVERS]-(s:Service)
    WHERE $domain IS NULL OR s.domain = $domain
  }
RETURN y.id AS area
ORDER BY area
