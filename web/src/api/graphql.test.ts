import { describe, expect, it } from 'vitest';
import { GRAPHQL_ACCEPT, GraphQLRequestError, gql } from './graphql';

function fakeFetch(status: number, body: string, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    seen.url = url;
    seen.init = init;
    return new Response(body, { status, headers: { 'Content-Type': 'application/graphql-response+json' } });
  }) as unknown as typeof fetch;
}

describe('gql', () => {
  it('posts the query as JSON with the GraphQL-over-HTTP headers and returns data', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const data = await gql<{ campaign: { id: string } }>(
      'query C($id: ID!) { campaign(id: $id) { id } }',
      { id: 'c1' },
      { fetch: fakeFetch(200, JSON.stringify({ data: { campaign: { id: 'c1' } } }), seen) },
    );
    expect(data).toEqual({ campaign: { id: 'c1' } });
    expect(seen.url).toBe('/graphql');
    expect(seen.init?.method).toBe('POST');
    const headers = new Headers(seen.init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Accept')).toBe(GRAPHQL_ACCEPT);
    expect(JSON.parse(seen.init?.body as string)).toEqual({
      query: 'query C($id: ID!) { campaign(id: $id) { id } }',
      variables: { id: 'c1' },
    });
  });

  it('throws with every error message, even when the status is 200 and partial data came back', async () => {
    const body = { data: { a: 1, b: null }, errors: [{ message: 'Ward not found' }, { message: 'Not allowed', path: ['b'] }] };
    const error = await gql('{ a b }', undefined, { fetch: fakeFetch(200, JSON.stringify(body)) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    const e = error as GraphQLRequestError;
    expect(e.message).toBe('Ward not found\nNot allowed');
    expect(e.errors).toHaveLength(2);
    expect(e.status).toBe(200);
    expect(e.data).toEqual({ a: 1, b: null });
  });

  it('reads the messages from a 4xx GraphQL answer (a validation error)', async () => {
    const body = { errors: [{ message: "Cannot query field 'nope' on type 'Query'." }] };
    await expect(gql('{ nope }', undefined, { fetch: fakeFetch(400, JSON.stringify(body)) })).rejects.toThrow(
      "Cannot query field 'nope' on type 'Query'.",
    );
  });

  it('reports the status when the server answers with something that is not JSON', async () => {
    const error = (await gql('{ a }', undefined, { fetch: fakeFetch(502, '<html>Bad gateway</html>') }).catch((e: unknown) => e)) as GraphQLRequestError;
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^HTTP 502: .*Bad gateway/);
  });

  it('does not return a missing data field as if it were a result', async () => {
    await expect(gql('{ a }', undefined, { fetch: fakeFetch(200, '{}') })).rejects.toThrow('The response has no data');
  });

  it('leaves out empty variables so servers that reject {} for parameterless queries are happy', async () => {
    const seen: { init?: RequestInit } = {};
    await gql('{ a }', {}, { fetch: fakeFetch(200, '{"data":{"a":1}}', seen) });
    expect(JSON.parse(seen.init?.body as string)).toEqual({ query: '{ a }' });
  });
});
