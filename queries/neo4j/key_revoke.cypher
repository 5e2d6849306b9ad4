// Revoke an API key; it stays listed.
// params: id
MATCH (k:ApiKey {id: $id})
SET k.revoked = true
RETURN k.id AS id
