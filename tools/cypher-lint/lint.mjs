// Lints Cypher with Neo4j's own linter. Reads {schema, queries: [{name, text}]} as JSON on stdin
// and prints [{name, diagnostics: [{severity, message, line, column}]}] as JSON on stdout.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { schema, queries } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const results = queries.map(({ name, text, parameters }) => {
  const { diagnostics } = lintCypherQuery(text, { ...schema, parameters });
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(results));
