// One API key by its public id, to check a presented secret against its hash.
// params: id
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.name AS name, k.role AS role, k.hash AS hash, k.created AS created, k.revoked AS revoked
