// 就党建抓党建: units that join no alliance, ordered by id.
// params: kind
MATCH (u:Unit)
WHERE NOT EXISTS { MATCH (u)-[:JOINS]->(:Alliance) }
  AND ($kind IS NULL OR u.kind = $kind)
RETURN u.id AS unit
ORDER BY unit
