// Store a new API key (only its hash; the secret is shown to the caller once).
// params: created, hash, id, name, role
CREATE (:ApiKey {id: $id, name: $name, role: $role, hash: $hash, created: $created, revoked: false})
