// partnerSuggestions: each domain and the alliances delivering a service of it (their members, and the
// members of the alliances below them, deliver it: SPEC §4).
// params: none
MATCH (s:Service)-[:DELIVERED_BY]->(a:Alliance)
RETURN DISTINCT s.domain AS domain, a.id AS alliance
