import { GraphQLRequestError, gql } from './graphql';

const cache = new Map<string, string>();

/**
 * Names of units, teams and volunteers by id, in one aliased query. Counts carry only ids; the
 * dashboard needs names for its rows and breadcrumbs, and names do not change during a day, so
 * each id is asked once per page load.
 */
export async function fetchNames(ids: readonly string[]): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id) && idKind(id) && idKind(id) !== 'campaign');
  if (missing.length > 0) {
    const declarations = missing.map((_, i) => `$i${i}: ID!`).join(', ');
    const fields = missing.map((id, i) => `n${i}: ${idKind(id)}(id: $i${i}) { name }`).join(' ');
    const variables = Object.fromEntries(missing.map((id, i) => [`i${i}`, id]));
    let data: Record<string, { name: string } | null> | undefined;
    try {
      data = await gql(`query Names(${declarations}) { ${fields} }`, variables);
    } catch (error) {
      // One unknown id must not hide the names of the others.
      if (!(error instanceof GraphQLRequestError) || !error.data) throw error;
      data = error.data as Record<string, { name: string } | null>;
    }
    missing.forEach((id, i) => {
      const name = data?.[`n${i}`]?.name;
      if (name) cache.set(id, name);
    });
  }
  return new Map(ids.map((id) => [id, cache.get(id) ?? id]));
}

/** Ids carry their kind as a prefix (silo/Contracts/Ids.cs): u- unit, t- team, v- volunteer, c- campaign. */
export function idKind(id: string): 'unit' | 'team' | 'volunteer' | 'campaign' | undefined {
  const prefix = id.slice(0, 2);
  return prefix === 'u-' ? 'unit' : prefix === 't-' ? 'team' : prefix === 'v-' ? 'volunteer' : prefix === 'c-' ? 'campaign' : undefined;
}
