// Every direct alliance membership (unit, alliance): what graph/derived.py counts partners and
// alliances joined from.
// params: none
MATCH (u:Unit)-[:JOINS]->(a:Alliance)
RETURN u.id AS unit, a.id AS alliance
