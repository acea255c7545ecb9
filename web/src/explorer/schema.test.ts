import { describe, expect, it } from 'vitest';
import { buildSkeleton, indexSchema, loadSchema, operationAt, typeToString, type FullType, type TypeRef } from './schema';

const named = (kind: TypeRef['kind'], name: string): TypeRef => ({ kind, name });
const nonNull = (of: TypeRef): TypeRef => ({ kind: 'NON_NULL', name: null, ofType: of });
const list = (of: TypeRef): TypeRef => ({ kind: 'LIST', name: null, ofType: of });
const field = (name: string, type: TypeRef, args: { name: string; type: TypeRef }[] = []) => ({ name, type, args });

const types: FullType[] = [
  { kind: 'SCALAR', name: 'ID' },
  { kind: 'SCALAR', name: 'String' },
  { kind: 'SCALAR', name: 'Int' },
  { kind: 'ENUM', name: 'Channel', enumValues: [{ name: 'DOOR_TO_DOOR' }, { name: 'ONE_STOP_DESK' }] },
  {
    kind: 'OBJECT',
    name: 'Query',
    fields: [field('campaign', named('OBJECT', 'Campaign'), [{ name: 'id', type: nonNull(named('SCALAR', 'ID')) }])],
  },
  {
    kind: 'OBJECT',
    name: 'Mutation',
    fields: [
      field('logHelp', nonNull(named('OBJECT', 'Campaign')), [
        { name: 'input', type: nonNull(named('INPUT_OBJECT', 'HelpInput')) },
        { name: 'note', type: named('SCALAR', 'String') },
      ]),
    ],
  },
  {
    kind: 'OBJECT',
    name: 'Campaign',
    fields: [
      field('id', nonNull(named('SCALAR', 'ID'))),
      field('name', named('SCALAR', 'String')),
      field('wards', nonNull(list(nonNull(named('OBJECT', 'Ward'))))),
      field('ward', named('OBJECT', 'Ward'), [{ name: 'code', type: nonNull(named('SCALAR', 'String')) }]),
    ],
  },
  {
    kind: 'OBJECT',
    name: 'Ward',
    fields: [field('code', nonNull(named('SCALAR', 'String'))), field('campaign', named('OBJECT', 'Campaign'))],
  },
  {
    kind: 'INPUT_OBJECT',
    name: 'HelpInput',
    inputFields: [
      { name: 'count', type: nonNull(named('SCALAR', 'Int')) },
      { name: 'channel', type: nonNull(named('ENUM', 'Channel')) },
      { name: 'comment', type: named('SCALAR', 'String') },
    ],
  },
];

const schema = indexSchema({
  __schema: { queryType: { name: 'Query' }, mutationType: { name: 'Mutation' }, subscriptionType: null, types },
});

describe('schema helpers', () => {
  it('finds the root types that exist', () => {
    expect(schema.roots.map((r) => [r.kind, r.type.name])).toEqual([
      ['query', 'Query'],
      ['mutation', 'Mutation'],
    ]);
  });

  it('prints wrapped types the way GraphQL writes them', () => {
    expect(typeToString(nonNull(list(nonNull(named('OBJECT', 'Ward')))))).toBe('[Ward!]!');
  });

  it('builds a query with variables, leaves, one nested level, and no cycles or required-arg fields', () => {
    const q = schema.roots[0]!.type.fields![0]!;
    const { query, variables } = buildSkeleton(schema, 'query', q);
    expect(query).toBe(
      [
        'query Campaign($id: ID!) {',
        '  campaign(id: $id) {',
        '    id',
        '    name',
        '    wards {',
        '      code',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(variables).toEqual({ id: '' });
  });

  it('fills required input fields with placeholders and optional arguments with null', () => {
    const m = schema.roots[1]!.type.fields![0]!;
    const { query, variables } = buildSkeleton(schema, 'mutation', m);
    expect(query.split('\n')[0]).toBe('mutation LogHelp($input: HelpInput!, $note: String) {');
    expect(variables).toEqual({ input: { count: 0, channel: 'DOOR_TO_DOOR' }, note: null });
  });
});

describe('operationAt', () => {
  const doc = 'query A { a }\n\nmutation B { b }\n';
  it('needs no name for a single operation', () => {
    expect(operationAt('query A { a }', 3)).toBeUndefined();
  });
  it('picks the operation the caret is in', () => {
    expect(operationAt(doc, 2)).toBe('A');
    expect(operationAt(doc, doc.indexOf('b }'))).toBe('B');
  });
});

describe('loadSchema', () => {
  const roots = { queryType: { name: 'Query' }, mutationType: { name: 'Mutation' }, subscriptionType: null };

  it('asks for the whole schema in one standard introspection request', async () => {
    const queries: string[] = [];
    const result = await loadSchema(async <T,>(q: string) => {
      queries.push(q);
      return { __schema: { ...roots, types } } as T;
    });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/^query IntrospectionQuery \{\s*__schema/);
    expect(result.__schema.types).toHaveLength(types.length);
  });

  it('reports the refusal when the server will not answer it', async () => {
    await expect(
      loadSchema(async () => {
        throw new Error('Introspection is disabled');
      }),
    ).rejects.toThrow('Introspection is disabled');
  });
});
