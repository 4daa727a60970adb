// The sandbox can be kube-apiserver v1.28 or v1.33, each held to its captures: the discovery documents
// it serves are the captured ones whole (it serves every built-in resource they list), /version is the captured build, and the
// CLI offers exactly the versions the sandbox knows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SERVER_VERSION, SERVER_VERSIONS, startSandbox, type RunningSandbox, type ServerVersion } from '../../src/sandbox/index.js';
import { DEFAULT_SANDBOX_SERVER_VERSION, parseCli, SERVER_VERSION_CHOICES } from '../../src/cli/args.js';
import { call, DISCOVERY_ACCEPT } from './client.js';

const ROOT: Record<ServerVersion, string> = {
  '1.28': fileURLToPath(new URL('../fixtures/real-apiserver/http/', import.meta.url)),
  '1.33': fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/http/', import.meta.url)),
};
const load = (v: ServerVersion, name: string): Record<string, unknown> => JSON.parse(readFileSync(`${ROOT[v]}${name}.json`, 'utf8')) as Record<string, unknown>;

// The default scenario holds one CustomResourceDefinition; discovery lists its group after the built-in ones.
const CRD_GROUP = 'demo.kube-trace.dev';

const sandboxes = new Map<ServerVersion, RunningSandbox>();
before(async () => {
  for (const v of SERVER_VERSIONS) sandboxes.set(v, await startSandbox({ serverVersion: v }));
});
after(async () => {
  for (const sb of sandboxes.values()) await sb.close();
});

describe('the versions', () => {
  it('the CLI offers the versions the sandbox knows, with the same default: the newest', () => {
    assert.deepEqual([...SERVER_VERSION_CHOICES], [...SERVER_VERSIONS]);
    assert.equal(DEFAULT_SANDBOX_SERVER_VERSION, DEFAULT_SERVER_VERSION);
    assert.equal(DEFAULT_SERVER_VERSION, SERVER_VERSIONS[SERVER_VERSIONS.length - 1]);
  });

  it('`kube-trace sandbox --server-version` takes 1.28 or 1.33 and refuses anything else', () => {
    const tty = { stdoutIsTTY: false, stdinIsTTY: false };
    const parsed = parseCli(['sandbox', '--server-version', '1.28'], tty);
    assert.equal(parsed.kind === 'sandbox' && parsed.options.serverVersion, '1.28');
    const dflt = parseCli(['sandbox'], tty);
    assert.equal(dflt.kind === 'sandbox' && dflt.options.serverVersion, '1.33');
    const bad = parseCli(['sandbox', '--server-version', '1.30'], tty);
    assert.equal(bad.kind, 'usage-error');
    assert.match(bad.kind === 'usage-error' ? bad.message : '', /--server-version must be one of 1\.28, 1\.33, got "1\.30"/);
  });

  it('startSandbox defaults to the newest and refuses a version it cannot be', async () => {
    const sb = await startSandbox();
    try {
      assert.equal(sb.serverVersion, '1.33');
      assert.equal(sb.gitVersion, 'v1.33.3');
    } finally {
      await sb.close();
    }
    await assert.rejects(startSandbox({ serverVersion: '1.30' as ServerVersion }), /unknown server version "1\.30"; choose one of: 1\.28, 1\.33/);
  });
});

for (const v of SERVER_VERSIONS) {
  describe(`a v${v} sandbox serves the v${v} captures' discovery: every built-in resource the real server lists`, () => {
    const sb = (): RunningSandbox => sandboxes.get(v) as RunningSandbox;

    it('/version is the captured build', async () => {
      assert.deepEqual((await call(sb(), 'admin', '/version')).json(), load(v, 'version'));
    });

    it('aggregated /api and /apis', async () => {
      assert.deepEqual((await call(sb(), 'admin', '/api', { accept: DISCOVERY_ACCEPT })).json(), load(v, 'api-aggregated-discovery'));
      // The built-in groups as captured, then the group of the default scenario's CustomResourceDefinition.
      const apis = (await call(sb(), 'admin', '/apis', { accept: DISCOVERY_ACCEPT })).json<{ items: { metadata: { name: string } }[] }>();
      const want = load(v, 'apis-aggregated-discovery') as { items: unknown[] };
      assert.deepEqual({ ...apis, items: apis.items.slice(0, -1) }, want);
      assert.equal(apis.items.at(-1)?.metadata.name, CRD_GROUP);
    });

    it('plain /apis, /api/v1 and /apis/authentication.k8s.io/v1', async () => {
      const plain = (await call(sb(), 'admin', '/apis')).json<{ groups: unknown[] }>();
      assert.deepEqual({ ...plain, groups: plain.groups.slice(0, -1) }, load(v, 'apis-plain-json'));
      assert.deepEqual(plain.groups.at(-1), { name: CRD_GROUP, versions: [{ groupVersion: `${CRD_GROUP}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${CRD_GROUP}/v1`, version: 'v1' } });
      assert.deepEqual((await call(sb(), 'admin', '/api/v1')).json(), load(v, 'api-v1-resourcelist'));
      // Group versions are derived from the aggregated document: the same resources, without the storageVersionHash the plain lists carry.
      const authn = load(v, 'apis-authentication-v1-resourcelist') as { resources: Record<string, unknown>[] };
      const noHash = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'storageVersionHash'));
      assert.deepEqual((await call(sb(), 'admin', '/apis/authentication.k8s.io/v1')).json(), { ...authn, resources: authn.resources.map(noHash) });
    });
  });
}
