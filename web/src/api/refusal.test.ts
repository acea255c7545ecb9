import { describe, expect, it } from 'vitest';
import { explainFailure, HttpRefusal, readRefusal } from './refusal';

const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const notRead = () => undefined;

describe('readRefusal', () => {
  it('reads the api’s error body, and nothing from an empty or foreign one', async () => {
    expect(await readRefusal(json({ error: { code: 'FORBIDDEN', field: 'scope', message: 'scope: out of reach' } }, 403))).toEqual({
      code: 'FORBIDDEN',
      field: 'scope',
      message: 'scope: out of reach',
    });
    expect(await readRefusal(new Response(null, { status: 403 }))).toBeUndefined();
    expect(await readRefusal(new Response('<html>Bad gateway</html>', { status: 502 }))).toBeUndefined();
  });
});

describe('explainFailure', () => {
  it('words the session, the role, the network and the server alike for every page', () => {
    expect(explainFailure(new HttpRefusal(401), 'tools.problem', notRead).key).toBe('tools.problem.signedOut');
    expect(explainFailure(new TypeError('Failed to fetch'), 'tools.problem', notRead).key).toBe('tools.problem.network');
    const body = { code: 'INTERNAL', field: '', message: 'stack trace' };
    expect(explainFailure(new HttpRefusal(500, body), 'import.problem', notRead)).toEqual({ key: 'import.problem.server', params: { status: 500 } });
  });

  it('keeps the server’s message of a 403 as the detail', () => {
    const message = "scope: /reports/c-1.csv is outside what this account's role and units may reach.";
    const explained = explainFailure(new HttpRefusal(403, { code: 'FORBIDDEN', field: 'scope', message }), 'tools.problem', notRead);
    expect(explained).toEqual({ key: 'tools.problem.forbidden', detail: message });
  });

  it('lets the page read any other 4xx first, then falls back on its general refusal', () => {
    const refusal = { code: 'INVALID', field: 'lang', message: "lang 'fr'" };
    const read = explainFailure(new HttpRefusal(400, refusal), 'tools.problem', (status, r) => ({ key: 'tools.problem.refused', params: { message: `${status} ${r?.field}` } }));
    expect(read.params).toEqual({ message: '400 lang' });
    expect(explainFailure(new HttpRefusal(400, refusal), 'import.problem', notRead)).toEqual({ key: 'import.problem.refused', detail: "lang 'fr'" });
    expect(explainFailure(new HttpRefusal(404), 'import.problem', notRead)).toEqual({ key: 'import.problem.server', params: { status: 404 } });
  });
});
