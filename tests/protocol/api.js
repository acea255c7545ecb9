// The built api as a process of its own on a free port, with the embedded demo store, started once per test file.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const apiAssembly = resolve(import.meta.dirname, '../../api/bin/Release/net10.0/Volunteers.Api.dll');
const folder = mkdtempSync(join(tmpdir(), 'volunteers-protocol-'));
let api;
let output = '';
/** The api's address once it answers, e.g. http://127.0.0.1:5123. */
export let base;

const freePort = () => new Promise((done, fail) => {
  const server = createServer();
  server.once('error', fail);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => done(port));
  });
});

export async function graphql(query, variables, token) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Signs a demo staff account in; each role has a budget of its own, so a test that drains one leaves the others be. */
export async function signIn(role = 'ORGANISER') {
  const { body } = await graphql('{ demoAccounts { role login secret } }');
  const organiser = body.data.demoAccounts.find((a) => a.role === role);
  const session = await graphql(
    'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { accessToken refreshToken } }',
    { u: organiser.login, p: organiser.secret });
  assert.ok(session.body.data, JSON.stringify(session.body));
  return session.body.data.signIn;
}

before(async () => {
  assert.ok(existsSync(apiAssembly), `Build the api first: ${apiAssembly} is missing.`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawn('dotnet', [apiAssembly, '--urls', base], {
    cwd: folder,
    env: {
      ...process.env,
      ConnectionStrings__Volunteers: `Data Source=${join(folder, 'volunteers.db')}`,
      Orleans__SiloPort: String(await freePort()),
      Orleans__GatewayPort: String(await freePort()),
      Demo__Seed: 'true',
      Auth__SignInsPerMinute: '1000',
      ASPNETCORE_ENVIRONMENT: 'Production',
    },
  });
  api.stdout.on('data', (d) => { output += d; });
  api.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const { body } = await graphql('{ demoAccounts { login } }');
      if (body?.data?.demoAccounts?.length) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || api.exitCode !== null) throw new Error(`The api did not start:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

after(async () => {
  if (api && api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
  rmSync(folder, { recursive: true, force: true });
});

