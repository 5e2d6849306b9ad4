// 就党建抓党建: units that join no alliance, ordered by id.
// params: kind
WITH cast($kind AS STRING) AS f_kind
MATCH (u:Unit)
WHERE NOT EXISTS { MATCH (u)-[:JOINS]->(:Alliance) }
  AND (f_kind IS NULL OR u.kind = f_kind)
RETURN u.id AS unit
ORDER BY unit
