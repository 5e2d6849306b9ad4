// partnerSuggestions: the units delivering a service of $domain: through an alliance among their
// effective alliances, or through a brand they run (SPEC §4).
// params: domain
MATCH (s:Service)-[:DELIVERED_BY]->(:Alliance)<-[:PART_OF*0..]-(:Alliance)<-[:JOINS]-(c:Unit)
WHERE s.domain = $domain
RETURN DISTINCT c.id AS unit
UNION
MATCH (s:Service)-[:DELIVERED_BY]->(:Brand)<-[:RUNS]-(c:Unit)
WHERE s.domain = $domain
RETURN DISTINCT c.id AS unit
