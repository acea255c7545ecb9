import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../api/graphql';
import { HttpRefusal } from '../api/refusal';
import { translate } from '../i18n';
import { problemOf } from './OrganiserTools';

describe('problemOf', () => {
  it('shows what the access check named under the sentence of a refused report', () => {
    const message = "scope: /reports/c-1.csv is outside what this account's role and units may reach.";
    const notice = problemOf(new HttpRefusal(403, { code: 'FORBIDDEN', field: 'scope', message }));
    expect(notice).toEqual({ key: 'tools.problem.forbidden', detail: message, error: true });
    expect(translate('vi', notice.key)).toBe('Tài khoản của bạn không được xem báo cáo ở phạm vi này.');
    expect(translate('vi', 'common.detail', { message: notice.detail! })).toContain(message);
  });

  it('keeps any other refusal’s words in the sentence', () => {
    const refused = problemOf(new HttpRefusal(400, { code: 'INVALID', field: 'lang', message: "lang 'fr'" }));
    expect(translate('vi', refused.key, refused.params)).toBe("Máy chủ từ chối: lang 'fr'");
    const graphql = problemOf(new GraphQLRequestError('campaign c-1 is closed already', 200, [{ message: 'campaign c-1 is closed already' }]));
    expect(translate('vi', graphql.key, graphql.params)).toBe('Máy chủ từ chối: campaign c-1 is closed already');
  });

  it('tells the session, the server and the network apart', () => {
    expect(problemOf(new HttpRefusal(401)).key).toBe('tools.problem.signedOut');
    expect(problemOf(new HttpRefusal(403))).toEqual({ key: 'tools.problem.forbidden', error: true });
    expect(problemOf(new HttpRefusal(502, { code: 'X', field: '', message: 'm' }))).toEqual({ key: 'tools.problem.server', params: { status: 502 }, error: true });
    expect(problemOf(new HttpRefusal(404))).toEqual({ key: 'tools.problem.server', params: { status: 404 }, error: true });
    expect(problemOf(new TypeError('Failed to fetch')).key).toBe('tools.problem.network');
    expect(problemOf(new GraphQLRequestError('HTTP 502', 502)).key).toBe('tools.problem.server');
    expect(problemOf(new GraphQLRequestError('HTTP 401', 401)).key).toBe('tools.problem.signedOut');
  });
});
