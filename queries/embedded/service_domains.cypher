// partnerSuggestions: every domain a service has.
// params: none
MATCH (s:Service)
RETURN DISTINCT s.domain AS domain
