// Run when a store opens. Neo4j needs no per-session setting: this only proves the configured
// database exists and answers (the driver's connectivity check does not).
// params: none
RETURN 1 AS ok
