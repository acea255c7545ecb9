// The api as it runs in production (Kestrel on a port, a process of its own, the embedded demo store),
// spoken to with the stock npm clients: graphql-ws for GraphQL subscriptions and @microsoft/signalr for the
// live hub. TestServer accepts what Kestrel refuses, so these are the tests that say a client can sign its
// sockets in, with a one-time ticket as the web app does or with its token, and that signing out ends them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { base, graphql, signIn } from './api.js';

const signOut = (session) => graphql('mutation($r: String!) { signOut(refreshToken: $r) }', { r: session.refreshToken });

/** A graphql-ws client as a browser app makes one; resolves with its close code once it closes for good. */
function socket(url, connectionParams) {
  let closed;
  const closing = new Promise((done) => { closed = done; });
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // The close code is the answer these tests read; graphql-ws would also print the whole close event.
    onNonLazyError: () => {},
    on: { closed: (event) => closed(event.code) },
  });
  return { client, closing };
}

/** Runs one operation over the socket and answers its first result. */
const first = (client, query, variables) => new Promise((done, fail) => {
  const stop = client.subscribe({ query, variables }, {
    next: (value) => { done(value); stop(); },
    error: fail,
    complete: () => {},
  });
});

// The deadline is cleared once the promise settles: a pending timer keeps node's test process alive, and the
// flood tests' 120 s deadlines held every run up for two minutes after its last test had passed.
const within = (promise, ms, what) => {
  let deadline;
  const late = new Promise((_, fail) => { deadline = setTimeout(() => fail(new Error(`${what} did not happen within ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(deadline));
};

const me = '{ me { role } }';
const ws = () => `${base.replace('http', 'ws')}/graphql`;

for (const [how, params, query] of [
  ['connectionParams Authorization: Bearer', (t) => ({ Authorization: `Bearer ${t}` }), () => ''],
  ['connectionParams access_token', (t) => ({ access_token: t }), () => ''],
  ['?access_token= on the socket URL, as stock clients send it', () => undefined, (t) => `?access_token=${encodeURIComponent(t)}`],
]) {
  test(`graphql-ws signs in with the token in ${how}`, async () => {
    const session = await signIn();
    const { client, closing } = socket(ws() + query(session.accessToken), params(session.accessToken));
    try {
      const result = await within(first(client, me), 15_000, 'the answer to me');
      assert.equal(result.data.me.role, 'ORGANISER');
    } finally {
      await client.dispose();
      await closing;
    }
  });
}

test('graphql-ws without a token is anonymous, and a forged token is refused with 4403', async () => {
  const anonymous = socket(ws());
  const refused = await within(first(anonymous.client, me), 15_000, 'the answer to me');
  assert.equal(refused.errors[0].extensions.code, 'UNAUTHENTICATED');
  await anonymous.client.dispose();

  const forged = socket(ws(), { access_token: 'eyJhbGciOiJub25lIn0.e30.' });
  assert.equal(await within(forged.closing, 15_000, 'the close'), 4403);
});

test('signing out closes a graphql-ws socket with 4401 and refuses the token over HTTP', async () => {
  const session = await signIn();
  const campaign = (await graphql('{ campaigns { id } }', undefined, session.accessToken)).body.data.campaigns[0].id;
  const { client, closing } = socket(ws(), { Authorization: `Bearer ${session.accessToken}` });
  // A dashboard's subscription, left running: the socket stays open only while an operation does.
  const counts = new Promise((done, fail) => client.subscribe(
    { query: 'subscription($c: ID!) { counts(campaignId: $c) { helps } }', variables: { c: campaign } },
    { next: done, error: fail, complete: () => {} }));
  assert.equal(typeof (await within(counts, 15_000, 'the first counts')).data.counts.helps, 'number');

  await signOut(session);

  assert.equal(await within(closing, 15_000, 'the close'), 4401);
  assert.equal((await graphql(me, undefined, session.accessToken)).status, 401);
});

test('@microsoft/signalr follows counts with a token and is disconnected when the session signs out', async () => {
  const session = await signIn();
  const campaign = (await graphql('{ campaigns { id } }', undefined, session.accessToken)).body.data.campaigns[0].id;
  const hub = new HubConnectionBuilder()
    .withUrl(`${base}/hubs/live`, { accessTokenFactory: () => session.accessToken, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
  const closed = new Promise((done) => hub.onclose(done));
  await hub.start();
  const snapshot = await hub.invoke('Subscribe', campaign, null);
  assert.equal(snapshot.campaignId, campaign);

  await signOut(session);

  await within(closed, 15_000, 'the disconnect');
  assert.equal(hub.state, 'Disconnected');
});

// The web app opens its sockets this way: a one-time ticket in the URL, so that no URL carries the token.
const ticketOf = async (session) => (await graphql('mutation { socketTicket }', undefined, session.accessToken)).body.data.socketTicket;

/** The status a bare WebSocket upgrade to `path` is answered with: 101 when it opens. */
const upgrade = (path) => new Promise((done) => {
  const bare = new WebSocket(`${base.replace('http', 'ws')}${path}`);
  bare.on('unexpected-response', (_, response) => done(response.statusCode));
  bare.on('open', () => { bare.close(); done(101); });
});

test('a one-time ?ticket= signs in a graphql-ws socket and a negotiated @microsoft/signalr connection, once each', async () => {
  const session = await signIn();
  const socketTicket = await ticketOf(session);
  const { client, closing } = socket(`${ws()}?ticket=${socketTicket}`);
  try {
    assert.equal((await within(first(client, me), 15_000, 'the answer to me')).data.me.role, 'ORGANISER');
  } finally {
    await client.dispose();
    await closing;
  }
  assert.equal(await upgrade(`/graphql?ticket=${socketTicket}`), 401);

  const hubTicket = await ticketOf(session);
  const campaign = (await graphql('{ campaigns { id } }', undefined, session.accessToken)).body.data.campaigns[0].id;
  const hub = (ticket) => new HubConnectionBuilder()
    .withUrl(`${base}/hubs/live?ticket=${ticket}`, { transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
  const dashboard = hub(hubTicket);
  await dashboard.start();
  try {
    assert.equal((await dashboard.invoke('Subscribe', campaign, null)).campaignId, campaign);
  } finally {
    await dashboard.stop();
  }
  // Spent: the stock client only says it could not connect, so the status is read off a bare upgrade.
  await assert.rejects(hub(hubTicket).start());
  assert.equal(await upgrade(`/hubs/live?ticket=${hubTicket}`), 401);
});

// Production limits: 600 operations at once, 100 a second after. A socket is no way around them.
const floodSize = 1500;

test('graphql-ws: every subscribe message counts against the operations budget, and a refused one says when to retry', async () => {
  const session = await signIn('OFFICIAL');
  const { client, closing } = socket(ws(), { access_token: session.accessToken });
  try {
    const outcomes = await within(Promise.all(Array.from({ length: floodSize }, () => new Promise((done) => {
      client.subscribe({ query: me }, {
        next: (value) => done(value.errors?.[0]?.extensions ?? { code: 'OK' }),
        error: (errors) => done(Array.isArray(errors) ? errors[0].extensions : { code: String(errors?.code ?? errors) }),
        complete: () => {},
      });
    }))), 120_000, 'the answers to the flood');
    const refused = outcomes.filter((o) => o.code === 'RATE_LIMITED');
    assert.ok(refused.length >= floodSize / 3, `only ${refused.length} of ${floodSize} refused`);
    assert.ok(outcomes.filter((o) => o.code === 'OK').length >= 600, 'the burst itself was refused');
    assert.ok(refused.every((o) => o.retryAfter >= 1), JSON.stringify(refused[0]));
    // A refusal ends only its operation: the socket stays open, and answers again once the budget refills.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal((await within(first(client, me), 15_000, 'the answer after the wait')).data.me.role, 'OFFICIAL');
  } finally {
    await client.dispose();
    await closing;
  }
});

test('@microsoft/signalr: every hub invocation counts against the operations budget', async () => {
  const session = await signIn('LEADER');
  const hub = new HubConnectionBuilder()
    .withUrl(`${base}/hubs/live`, { accessTokenFactory: () => session.accessToken, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
  await hub.start();
  try {
    const outcomes = await within(Promise.all(Array.from({ length: floodSize }, () =>
      hub.invoke('Unsubscribe', 'c-none', null).then(() => 'OK', (error) => error.message))), 120_000, 'the answers to the flood');
    const refused = outcomes.filter((o) => o.includes('RATE_LIMITED: Too many operations; try again in'));
    assert.ok(refused.length >= floodSize / 3, `only ${refused.length} of ${floodSize} refused: ${outcomes.find((o) => o !== 'OK')}`);
    assert.equal(hub.state, 'Connected');
  } finally {
    await hub.stop();
  }
});
