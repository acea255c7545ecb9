// The query graphql-js's getIntrospectionQuery() makes (descriptions on), in one request as every GraphQL tool sends
// it: the server costs introspection by the schema's size, so the whole schema is one answer. Nine ofType levels
// cover any wrapping a schema can write.
const TYPE_REF = `kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`;

export const INTROSPECTION_QUERY = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}

fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}

fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }

fragment TypeRef on __Type { ${TYPE_REF} }`;

export type Runner = <T>(query: string) => Promise<T>;

export const loadSchema = (run: Runner): Promise<IntrospectionResult> => run<IntrospectionResult>(INTROSPECTION_QUERY);

export type TypeKind = 'SCALAR' | 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT' | 'LIST' | 'NON_NULL';

export interface TypeRef {
  kind: TypeKind;
  name: string | null;
  ofType?: TypeRef | null;
}

export interface InputValue {
  name: string;
  description?: string | null;
  type: TypeRef;
}

export interface Field {
  name: string;
  description?: string | null;
  isDeprecated?: boolean;
  deprecationReason?: string | null;
  args: InputValue[];
  type: TypeRef;
}

export interface FullType {
  kind: TypeKind;
  name: string;
  description?: string | null;
  fields?: Field[] | null;
  inputFields?: InputValue[] | null;
  enumValues?: { name: string; description?: string | null; isDeprecated?: boolean }[] | null;
  possibleTypes?: { name: string }[] | null;
}

export interface IntrospectionResult {
  __schema: {
    queryType: { name: string } | null;
    mutationType: { name: string } | null;
    subscriptionType: { name: string } | null;
    types: FullType[];
  };
}

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface Schema {
  roots: { kind: OperationKind; type: FullType }[];
  types: Map<string, FullType>;
}

export function indexSchema(result: IntrospectionResult): Schema {
  const types = new Map(result.__schema.types.map((t) => [t.name, t]));
  const roots: Schema['roots'] = [];
  const add = (kind: OperationKind, ref: { name: string } | null) => {
    const type = ref ? types.get(ref.name) : undefined;
    if (type) roots.push({ kind, type });
  };
  add('query', result.__schema.queryType);
  add('mutation', result.__schema.mutationType);
  add('subscription', result.__schema.subscriptionType);
  return { roots, types };
}

export function typeToString(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${ref.ofType ? typeToString(ref.ofType) : '?'}!`;
  if (ref.kind === 'LIST') return `[${ref.ofType ? typeToString(ref.ofType) : '?'}]`;
  return ref.name ?? '?';
}

export function namedType(ref: TypeRef): string {
  let current: TypeRef | null | undefined = ref;
  while (current && !current.name) current = current.ofType;
  return current?.name ?? '?';
}

const isRequired = (ref: TypeRef) => ref.kind === 'NON_NULL';
const isLeafKind = (kind: TypeKind | undefined) => kind === 'SCALAR' || kind === 'ENUM';
const indent = (depth: number) => '  '.repeat(depth);

/**
 * A starting point, not a finished query: leaf fields of the return type, plus the leaves of
 * directly nested objects, so a reader sees the shape without the text exploding on cyclic schemas.
 */
export function buildSkeleton(
  schema: Schema,
  operation: OperationKind,
  field: Field,
  maxDepth = 2,
): { query: string; variables: Record<string, unknown> } {
  const opName = field.name.charAt(0).toUpperCase() + field.name.slice(1);
  const varDefs = field.args.map((a) => `$${a.name}: ${typeToString(a.type)}`);
  const callArgs = field.args.map((a) => `${a.name}: $${a.name}`);
  const header = `${operation} ${opName}${varDefs.length ? `(${varDefs.join(', ')})` : ''}`;
  const call = `${field.name}${callArgs.length ? `(${callArgs.join(', ')})` : ''}`;
  const selection = selectionSet(schema, namedType(field.type), 1, maxDepth, new Set());
  const query = `${header} {\n${indent(1)}${call}${selection}\n}\n`;

  const variables: Record<string, unknown> = {};
  for (const arg of field.args) variables[arg.name] = sampleValue(schema, arg.type, 0);
  return { query, variables };
}

function selectionSet(schema: Schema, typeName: string, level: number, maxDepth: number, seen: Set<string>): string {
  const type = schema.types.get(typeName);
  if (!type || isLeafKind(type.kind)) return '';

  const lines: string[] = [];
  if (type.kind === 'UNION') {
    lines.push('__typename');
    for (const possible of type.possibleTypes ?? []) {
      const leaves = leafNames(schema.types.get(possible.name));
      if (leaves.length === 0) continue;
      const body = leaves.map((l) => indent(level + 2) + l).join('\n');
      lines.push(`... on ${possible.name} {\n${body}\n${indent(level + 1)}}`);
    }
  } else {
    const usable = (type.fields ?? []).filter((f) => !f.isDeprecated && !f.args.some((a) => isRequired(a.type)));
    lines.push(...usable.filter((f) => isLeafRef(f.type)).map((f) => f.name));
    if (level < maxDepth) {
      // Stops at types already on the path, which is what would otherwise recurse forever.
      const path = new Set(seen).add(typeName);
      for (const f of usable) {
        const childName = namedType(f.type);
        if (isLeafRef(f.type) || path.has(childName)) continue;
        const inner = selectionSet(schema, childName, level + 1, maxDepth, path);
        if (inner) lines.push(`${f.name}${inner}`);
      }
    }
    // A nested object with nothing to show adds only noise; the root field must still select something.
    if (lines.length === 0) {
      if (level > 1) return '';
      lines.push('__typename');
    }
  }
  return ` {\n${lines.map((l) => indent(level + 1) + l).join('\n')}\n${indent(level)}}`;
}

function leafNames(type: FullType | undefined): string[] {
  return (type?.fields ?? [])
    .filter((f) => !f.isDeprecated && !f.args.some((a) => isRequired(a.type)) && isLeafRef(f.type))
    .map((f) => f.name);
}

function isLeafRef(ref: TypeRef): boolean {
  let current: TypeRef | null | undefined = ref;
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) current = current.ofType;
  return isLeafKind(current?.kind);
}

/** Placeholders a reader overwrites; optional arguments start as null so they can simply be dropped. */
function sampleValue(schema: Schema, ref: TypeRef, depth: number): unknown {
  if (ref.kind !== 'NON_NULL') return null;
  const inner = ref.ofType;
  if (!inner) return null;
  if (inner.kind === 'LIST') return [];
  const type = schema.types.get(namedType(inner));
  switch (type?.kind) {
    case 'ENUM':
      return type.enumValues?.[0]?.name ?? '';
    case 'INPUT_OBJECT': {
      const value: Record<string, unknown> = {};
      if (depth < 3) {
        for (const f of type.inputFields ?? []) if (isRequired(f.type)) value[f.name] = sampleValue(schema, f.type, depth + 1);
      }
      return value;
    }
    default:
      break;
  }
  switch (inner.name) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    default:
      return '';
  }
}

/**
 * With several operations in the editor the server needs to be told which one to run; the
 * one the caret is in is the one the reader means.
 */
export function operationAt(text: string, caret: number): string | undefined {
  const pattern = /(?:^|[\s}])(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g;
  const ops: { name: string; start: number }[] = [];
  for (const m of text.matchAll(pattern)) ops.push({ name: m[2]!, start: m.index ?? 0 });
  if (ops.length < 2) return undefined;
  let chosen = ops[0]!;
  for (const op of ops) if (op.start <= caret) chosen = op;
  return chosen.name;
}
