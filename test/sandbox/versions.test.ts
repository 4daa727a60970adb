// The sandbox can be kube-apiserver v1.28 or v1.33, each held to its captures: the discovery documents
// it serves are the captured ones trimmed to what it stores, /version is the captured build, and the
// CLI offers exactly the versions the sandbox knows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_SERVER_VERSION, SERVER_VERSIONS, startSandbox, type RunningSandbox, type ServerVersion } from '../../src/sandbox/index.js';
import { DEFAULT_SANDBOX_SERVER_VERSION, parseCli, SERVER_VERSION_CHOICES } from '../../src/cli/args.js';
import { call, DISCOVERY_ACCEPT } from './client.js';

const ROOT: Record<ServerVersion, string> = {
  '1.28': fileURLToPath(new URL('../fixtures/real-apiserver/http/', import.meta.url)),
  '1.33': fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/http/', import.meta.url)),
};
const load = (v: ServerVersion, name: string): Record<string, unknown> => JSON.parse(readFileSync(`${ROOT[v]}${name}.json`, 'utf8')) as Record<string, unknown>;

// What the sandbox stores, so what its discovery may advertise.
const CORE_READ = new Set(['namespaces', 'nodes', 'pods']);
const GROUPS_READ: Record<string, Set<string> | null> = {
  'authentication.k8s.io': new Set(['selfsubjectreviews']),
  'authorization.k8s.io': new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
  'rbac.authorization.k8s.io': null,
};
// v1.33 mode also serves the kinds the write path stores (issue 18).
const CORE_133 = new Set([...CORE_READ, 'configmaps', 'serviceaccounts']);
const GROUPS_133: Record<string, Set<string> | null> = {
  ...GROUPS_READ,
  apps: new Set(['deployments']),
  'admissionregistration.k8s.io': new Set(['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations']),
};
let CORE = CORE_READ;
let GROUPS = GROUPS_READ;

interface Group {
  metadata: { name?: string };
  versions: { version: string; resources: { resource: string }[] }[];
}

/** A captured aggregated document with only the served resources left. */
function trimmedAggregated(doc: Record<string, unknown>, core: boolean): Record<string, unknown> {
  const items = (doc['items'] as Group[])
    .filter((g) => (core ? true : (g.metadata.name ?? '') in GROUPS))
    .map((g) => {
      const keep = core ? CORE : GROUPS[g.metadata.name ?? ''];
      const versions = g.versions.map((v) => ({ ...v, resources: v.resources.filter((r) => !keep || keep.has(r.resource)) })).filter((v) => v.resources.length > 0);
      return { ...g, versions };
    });
  return { ...doc, items };
}

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
  describe(`a v${v} sandbox serves the v${v} captures' discovery, trimmed to what it stores`, () => {
    const sb = (): RunningSandbox => sandboxes.get(v) as RunningSandbox;
    beforeEach(() => {
      CORE = v === '1.33' ? CORE_133 : CORE_READ;
      GROUPS = v === '1.33' ? GROUPS_133 : GROUPS_READ;
    });

    it('/version is the captured build', async () => {
      assert.deepEqual((await call(sb(), 'admin', '/version')).json(), load(v, 'version'));
    });

    it('aggregated /api and /apis', async () => {
      assert.deepEqual((await call(sb(), 'admin', '/api', { accept: DISCOVERY_ACCEPT })).json(), trimmedAggregated(load(v, 'api-aggregated-discovery'), true));
      assert.deepEqual((await call(sb(), 'admin', '/apis', { accept: DISCOVERY_ACCEPT })).json(), trimmedAggregated(load(v, 'apis-aggregated-discovery'), false));
    });

    it('plain /apis, /api/v1 and /apis/authentication.k8s.io/v1', async () => {
      const apis = load(v, 'apis-plain-json') as { groups: { name: string }[] };
      assert.deepEqual((await call(sb(), 'admin', '/apis')).json(), { ...apis, groups: apis.groups.filter((g) => g.name in GROUPS) });
      const core = load(v, 'api-v1-resourcelist') as { resources: { name: string }[] };
      assert.deepEqual((await call(sb(), 'admin', '/api/v1')).json(), { ...core, resources: core.resources.filter((r) => CORE.has(r.name.split('/')[0] ?? '')) });
      const authn = load(v, 'apis-authentication-v1-resourcelist') as { resources: { name: string }[] };
      assert.deepEqual((await call(sb(), 'admin', '/apis/authentication.k8s.io/v1')).json(), { ...authn, resources: authn.resources.filter((r) => r.name === 'selfsubjectreviews') });
    });
  });
}
