import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { api, clinician1, startTestServer, type TestServer } from './server.test-support.js';

const contract = readFileSync(new URL('../../../docs/backend-contract/openapi.yaml', import.meta.url), 'utf8');

/** `[method, path]` for every operation in the contract (paths at two spaces, methods at four). */
function operations(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let path: string | undefined;
  for (const line of contract.slice(contract.indexOf('\npaths:'), contract.indexOf('\ncomponents:')).split('\n')) {
    const pathMatch = /^ {2}(\/\S*):$/.exec(line);
    if (pathMatch) path = pathMatch[1];
    const methodMatch = /^ {4}(get|post|put|delete):$/.exec(line);
    if (methodMatch && path) found.push([methodMatch[1]!.toUpperCase(), path]);
  }
  return found;
}

const noLivekit = { url: 'ws://127.0.0.1:9', httpUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 'unused-secret-unused-secret-unused', stop: async () => {} };

describe('docs/backend-contract/openapi.yaml', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(noLivekit);
  });
  after(async () => t?.close());

  it('lists the operations the server has', () => {
    assert.ok(operations().length >= 14, `found ${operations().length}`);
  });

  it('describes only routes the reference server answers', async () => {
    for (const [method, path] of operations()) {
      const concrete = path.replace('{appointmentId}', 'demo-visit-2').replace('{type}', 'Observation').replace('{id}', 'x');
      const res = await api(t.url, method, concrete, await clinician1(), method === 'GET' ? undefined : {});
      assert.notEqual(res.body?.code, 'route/not-found', `${method} ${path} is in the contract but not served`);
    }
  });
});
