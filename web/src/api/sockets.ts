import { gql } from './graphql';
import { session } from './session';

/**
 * A one-time ticket for one WebSocket (Mutation.socketTicket), good for a minute; none when signed out. Browsers can
 * put nothing but the URL on a WebSocket, and a URL with the access token in it would stay on the server for as long
 * as the socket is open and land in proxies' logs.
 */
export async function socketTicket(): Promise<string | undefined> {
  if (!(await session.accessToken())) return undefined;
  return (await gql<{ socketTicket: string }>('mutation SocketTicket { socketTicket }')).socketTicket;
}

/** The address to open the next socket at, with a fresh ticket; null when none can be had now (offline, the api away). */
export async function ticketedUrl(url: string, ticket: () => Promise<string | undefined>): Promise<string | null> {
  let issued: string | undefined;
  try {
    issued = await ticket();
  } catch {
    return null;
  }
  return issued ? `${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(issued)}` : url;
}
