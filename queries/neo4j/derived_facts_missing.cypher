// Areas and units whose derived facts (graph/derived.py) were never computed: a store from before
// they existed, refreshed once when it is opened.
// params: none
MATCH (a:Area)
WHERE a.root IS NULL
RETURN count(a) AS missing
UNION ALL
MATCH (u:Unit)
WHERE u.joined IS NULL
RETURN count(u) AS missing
