// 就党建抓党建: units that join no alliance, ordered by id (graph/derived.py keeps `joined` on each unit).
// params: first, kind
WITH $kind AS f_kind
MATCH (u:Unit)
WHERE u.joined = 0
  AND (f_kind IS NULL OR u.kind = f_kind)
RETURN u.id AS unit
ORDER BY unit
LIMIT $first
