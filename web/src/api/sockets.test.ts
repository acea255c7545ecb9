import { beforeEach, describe, expect, it, vi } from 'vitest';

const accessToken = vi.fn<() => Promise<string | undefined>>();
const gql = vi.fn();
vi.mock('./session', () => ({ session: { accessToken: () => accessToken() } }));
vi.mock('./graphql', () => ({ gql: (...args: unknown[]) => gql(...args) }));

const { socketTicket, ticketedUrl } = await import('./sockets');

describe('socketTicket', () => {
  beforeEach(() => {
    accessToken.mockReset();
    gql.mockReset();
  });

  it('asks the api for a ticket when signed in', async () => {
    accessToken.mockResolvedValue('token');
    gql.mockResolvedValue({ socketTicket: 'T-1' });
    expect(await socketTicket()).toBe('T-1');
    expect(gql).toHaveBeenCalledWith('mutation SocketTicket { socketTicket }');
  });

  it('asks nothing when signed out: the socket opens anonymous, as a public dashboard does', async () => {
    accessToken.mockResolvedValue(undefined);
    expect(await socketTicket()).toBeUndefined();
    expect(gql).not.toHaveBeenCalled();
  });
});

describe('ticketedUrl', () => {
  it('adds the ticket to the address, escaped, after any query the address has', async () => {
    expect(await ticketedUrl('ws://x/hubs/live', async () => 'a b')).toBe('ws://x/hubs/live?ticket=a%20b');
    expect(await ticketedUrl('ws://x/graphql?v=1', async () => 't')).toBe('ws://x/graphql?v=1&ticket=t');
  });

  it('leaves the address bare without a ticket, and answers null when none can be had', async () => {
    expect(await ticketedUrl('ws://x/hubs/live', async () => undefined)).toBe('ws://x/hubs/live');
    expect(await ticketedUrl('ws://x/hubs/live', () => Promise.reject(new TypeError('Failed to fetch')))).toBeNull();
  });
});
