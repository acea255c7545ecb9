import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api/graphql';
import { useSession } from '../components/useSession';
import { TREE_QUERY, type TreeUnit } from './plan';

/** The organiser's own unit with what lies below it, to the wards; undefined while loading. */
export function useOrganiserTree(): { tree?: TreeUnit; error?: unknown } {
  const scopeId = useSession()?.account.scopeId;
  const [state, setState] = useState<{ tree?: TreeUnit; error?: unknown }>({});
  useEffect(() => {
    if (!scopeId) return;
    gql<{ unit: TreeUnit }>(TREE_QUERY, { id: scopeId }).then(
      (d) => setState({ tree: d.unit }),
      (error: unknown) => setState({ error }),
    );
  }, [scopeId]);
  return state;
}
