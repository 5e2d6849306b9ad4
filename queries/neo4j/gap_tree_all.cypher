// gapClosers over a province: every area that no service of $domain covers (`covered`, graph/derived.py,
// led by "" for any domain), with its parent and whether it is remote. The parents of uncovered areas
// are uncovered too, so the rows hold every gap's whole chain.
// params: domain
MATCH (y:Area)
WHERE NOT coalesce($domain IN y.covered, false)
OPTIONAL MATCH (y)-[:WITHIN]->(p:Area)
RETURN y.id AS area, p.id AS parent, coalesce(y.remote, false) AS remote
