// Runs graphql-http's serverAudits (GraphQL over HTTP conformance) against the URL given as the
// first argument and prints [{id, name, status, reason}] as JSON on stdout.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status,
                 reason: result.status === 'ok' ? null : result.reason });
}
process.stdout.write(JSON.stringify(results));
