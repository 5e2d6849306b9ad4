// Every unit with its stored derived counts (graph/derived.py writes only those that change).
// params: none
MATCH (u:Unit)
RETURN u.id AS id, u.partners AS partners, u.joined AS joined
