// partnerSuggestions: each domain and the units running a brand that delivers a service of it.
// params: none
MATCH (s:Service)-[:DELIVERED_BY]->(:Brand)<-[:RUNS]-(c:Unit)
RETURN DISTINCT s.domain AS domain, c.id AS unit
