// What GraphiQL, graphql-codegen, Postman and IDE plugins send first: graphql-js's own introspection query, built by
// the real `graphql` package, against the api as a process. It must be answered in full, signed in or not, while the
// limits still refuse what is costly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { graphql, signIn } from './api.js';

const committed = readFileSync(resolve(import.meta.dirname, '../../api/schema.graphql'), 'utf8');
const sorted = (schema) => printSchema(lexicographicSortSchema(schema));

for (const [name, options] of [
  ['the default options', undefined],
  // Every option GraphQL.NET 8 can answer; specifiedByUrl and inputValueDeprecation ask for fields it lacks.
  ['descriptions, schemaDescription, directiveIsRepeatable and oneOf', { descriptions: true, schemaDescription: true, directiveIsRepeatable: true, oneOf: true }],
]) {
  test(`getIntrospectionQuery() with ${name} is answered in full, signed in or not`, async () => {
    const session = await signIn();
    for (const token of [undefined, session.accessToken]) {
      const { status, body } = await graphql(getIntrospectionQuery(options), undefined, token);

      assert.equal(status, 200, JSON.stringify(body?.errors));
      assert.equal(body.errors, undefined);
      const expected = buildSchema(committed);
      // Without schemaDescription the query does not ask for the schema's own description.
      if (!options?.schemaDescription) expected.description = undefined;
      assert.equal(sorted(buildClientSchema(body.data)), sorted(expected));
    }
  });
}

test("a district's tree down to each team's volunteers is within the limits", async () => {
  const session = await signIn();

  const { status, body } = await graphql(
    '{ units { id children { id children { id kind teams { id volunteers { id } } children { id } } } } }', undefined, session.accessToken);

  assert.equal(status, 200, JSON.stringify(body?.errors));
  const wards = body.data.units.flatMap((u) => u.children).flatMap((d) => d.children);
  assert.equal(wards.length, 21);
});

test('lists nested past the tree are refused with QUERY_TOO_COMPLEX naming the limit', async () => {
  const { status, body } = await graphql(
    '{ units { children { children { teams { volunteers { team { volunteers { team { volunteers { id } } } } } } } } } }');

  assert.equal(status, 400);
  assert.equal(body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
  assert.match(body.errors[0].message, /the limit is \d+\.$/);
});
