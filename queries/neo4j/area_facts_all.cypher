// Every area with its stored derived facts (graph/derived.py writes only those that change).
// params: none
MATCH (a:Area)
RETURN a.id AS id, a.covered AS covered, a.root AS root
