// Every API key, without hashes.
// params: none
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.created AS created, k.revoked AS revoked
ORDER BY id
