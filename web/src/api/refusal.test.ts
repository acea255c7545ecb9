import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from './graphql';
import { translate, type MessageKey, type Params } from '../i18n';
import { describeRefusal, explainFailure, explainGraphQLError, HttpRefusal, readRefusal } from './refusal';

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

describe('explainGraphQLError', () => {
  const refusal = (code: string, field: string, message = `${field}: wrong`, status = 200) =>
    new GraphQLRequestError(message, status, [{ message, extensions: { code, field } }]);
  const t = (key: MessageKey, params?: Params) => translate('vi', key, params);

  it('says the code’s sentence in Vietnamese with the input’s name, and keeps the server’s words as the detail', () => {
    const explained = explainGraphQLError(refusal('INVALID', 'name', 'name is 500 characters long; at most 100 are allowed'));
    expect(explained).toEqual({ key: 'refusal.code.INVALID', field: 'name', detail: 'name is 500 characters long; at most 100 are allowed', retry: false });
    expect(describeRefusal(explained, t)).toBe('Dữ liệu chưa hợp lệ ở ô “Tên”.');
  });

  it('names an input the catalogue does not know as the server sent it', () => {
    expect(describeRefusal(explainGraphQLError(refusal('NOT_FOUND', 'gizmoId')), t)).toBe(
      'Không tìm thấy ở ô “gizmoId”: có thể đã bị xoá hoặc tài khoản của bạn không được xem.',
    );
  });

  it('keeps a schema field (Type.field) of FORBIDDEN off the form, and reads without a place', () => {
    const explained = explainGraphQLError(refusal('FORBIDDEN', 'Query.unit', 'Query.unit is outside what your account may do or see'));
    expect(explained.field).toBeUndefined();
    expect(describeRefusal(explained, t)).toBe('Tài khoản của bạn không được làm việc này.');
  });

  it('tells the platform’s faults and the network apart from refusals, as worth sending again', () => {
    expect(explainGraphQLError(refusal('INTERNAL', '', 'Internal error; it was logged.'))).toMatchObject({ key: 'refusal.unavailable', retry: true });
    expect(explainGraphQLError(refusal('UNAVAILABLE', '', 'down', 503))).toMatchObject({ key: 'refusal.unavailable', retry: true });
    expect(explainGraphQLError(new GraphQLRequestError('HTTP 502', 502))).toMatchObject({ key: 'refusal.unavailable', retry: true });
    expect(explainGraphQLError(new TypeError('Failed to fetch'))).toEqual({ key: 'refusal.network', retry: true });
  });

  it('reads an unknown code as a refusal, not a fault', () => {
    expect(explainGraphQLError(refusal('SOMETHING_NEW', 'pin'))).toMatchObject({ key: 'refusal.code.other', field: 'pin', retry: false });
  });
});
