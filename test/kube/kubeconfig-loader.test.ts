import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KubeconfigLoadError, goBase64ErrorAt, kubeconfigCandidates, kubeconfigLoadStageError, loadKubeconfig } from '../../src/kube/kubeconfig-loader.js';
import { tempDir } from '../trace/helpers/setup.js';

function file(dir: string, name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof doc === 'string' ? doc : stringify(doc));
  return p;
}

const cfg = (o: { cluster: string; server: string; user: string; context: string; current?: string; ca?: string; token?: string }) => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: o.cluster, cluster: { server: o.server, ...(o.ca ? { 'certificate-authority': o.ca } : {}) } }],
  users: [{ name: o.user, user: { token: o.token ?? 'x' } }],
  contexts: [{ name: o.context, context: { cluster: o.cluster, user: o.user } }],
  ...(o.current ? { 'current-context': o.current } : {}),
});

describe('kubeconfig loading follows kubectl, not client-node loadFromDefault', () => {
  it('lets the first KUBECONFIG file that sets current-context win', () => {
    const d = tempDir();
    const a = file(d, 'a', cfg({ cluster: 'ca', server: 'https://a:1', user: 'ua', context: 'ctx-a', current: 'ctx-a' }));
    const b = file(d, 'b', cfg({ cluster: 'cb', server: 'https://b:1', user: 'ub', context: 'ctx-b', current: 'ctx-b' }));
    const m = loadKubeconfig({ explicitPath: null, envValue: `${a}:${b}`, homeDir: d, sandboxPath: null });
    assert.equal(m.raw.currentContext, 'ctx-a');
    assert.deepEqual(m.kubeConfig.getContexts().map((c) => c.name), ['ctx-a', 'ctx-b']);
  });

  it('keeps the first definition of a duplicated name instead of throwing', () => {
    const d = tempDir();
    const a = file(d, 'a', cfg({ cluster: 'same', server: 'https://first:1', user: 'u', context: 'c' }));
    const b = file(d, 'b', cfg({ cluster: 'same', server: 'https://second:1', user: 'u', context: 'c', current: 'c' }));
    const m = loadKubeconfig({ explicitPath: null, envValue: `${a}:${b}`, homeDir: d, sandboxPath: null });
    assert.equal(m.kubeConfig.getCluster('same')?.server, 'https://first:1');
    assert.equal(m.raw.currentContext, 'c', 'a later file may still set current-context when earlier ones did not');
  });

  it('skips missing files in the KUBECONFIG list and de-duplicates entries', () => {
    const d = tempDir();
    const a = file(d, 'a', cfg({ cluster: 'c', server: 'https://a:1', user: 'u', context: 'x', current: 'x' }));
    const files = kubeconfigCandidates({ explicitPath: null, envValue: `${join(d, 'missing')}:${a}:${a}:`, homeDir: d, sandboxPath: null });
    assert.deepEqual(files.map((f) => [f.exists, f.source]), [[false, 'KUBECONFIG'], [true, 'KUBECONFIG']]);
    assert.equal(loadKubeconfig({ explicitPath: null, envValue: `${join(d, 'missing')}:${a}`, homeDir: d, sandboxPath: null }).raw.currentContext, 'x');
  });

  it('resolves relative file references against the directory of the file that holds them', () => {
    const d = tempDir();
    mkdirSync(join(d, 'sub'));
    const a = file(join(d, 'sub'), 'cfg', cfg({ cluster: 'c', server: 'https://a:1', user: 'u', context: 'x', current: 'x', ca: 'certs/ca.crt' }));
    const m = loadKubeconfig({ explicitPath: a, envValue: undefined, homeDir: d, sandboxPath: null });
    assert.equal(m.kubeConfig.getCluster('c')?.caFile, join(d, 'sub', 'certs', 'ca.crt'));
  });

  it('prefers --kubeconfig over KUBECONFIG, and KUBECONFIG over ~/.kube/config', () => {
    const d = tempDir();
    assert.equal(kubeconfigCandidates({ explicitPath: '/x', envValue: '/y', homeDir: d, sandboxPath: null })[0]?.source, 'flag');
    assert.equal(kubeconfigCandidates({ explicitPath: null, envValue: '/y', homeDir: d, sandboxPath: null })[0]?.source, 'KUBECONFIG');
    const def = kubeconfigCandidates({ explicitPath: null, envValue: undefined, homeDir: d, sandboxPath: null });
    assert.deepEqual(def, [{ path: join(d, '.kube', 'config'), exists: false, source: 'default' }]);
    assert.equal(kubeconfigCandidates({ explicitPath: '/x', envValue: '/y', homeDir: d, sandboxPath: '/s' })[0]?.source, 'sandbox');
  });

  it('reports a missing --kubeconfig file, malformed YAML, and no kubeconfig at all', () => {
    const d = tempDir();
    const problem = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof KubeconfigLoadError);
        return e.problem.kind;
      }
      return 'none';
    };
    assert.equal(problem(() => loadKubeconfig({ explicitPath: join(d, 'nope'), envValue: undefined, homeDir: d, sandboxPath: null })), 'file-missing');
    const bad = file(d, 'bad', 'clusters: [\n  - name: x\n   bad indent: :\n');
    assert.equal(problem(() => loadKubeconfig({ explicitPath: bad, envValue: undefined, homeDir: d, sandboxPath: null })), 'malformed');
    assert.equal(problem(() => loadKubeconfig({ explicitPath: null, envValue: undefined, homeDir: d, sandboxPath: null })), 'no-kubeconfig');
  });
});

describe('kubeconfig fields and files as kubectl reads them (messages from kubectl 1.33)', () => {
  const loadProblem = (kc: string): string | undefined => {
    try {
      loadKubeconfig({ explicitPath: kc, envValue: undefined, homeDir: tempDir(), sandboxPath: null });
    } catch (e) {
      if (e instanceof KubeconfigLoadError) return kubeconfigLoadStageError(e).kubectlMessage;
      throw e;
    }
    return undefined;
  };
  const withCaData = (d: string, data: string): string =>
    file(d, 'k.yaml', { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': data } }], users: [{ name: 'u', user: { token: 'a' } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' });

  it('a *-data field that is not base64 fails the load with Go\'s byte index', () => {
    const d = tempDir();
    // kubectl 1.33's answers for these exact values.
    for (const [data, at] of [['eA', 0], ['eA=', 3], ['e===', 1], ['eA==eA==', 4], ['ab!d', 2], ['eA==x', 4], ['ZXhh bXBsZQ==', 4]] as const) {
      const kc = withCaData(d, data);
      assert.equal(loadProblem(kc), `error: error loading config file "${kc}": illegal base64 data at input byte ${at}`, data);
    }
    assert.equal(goBase64ErrorAt('ZXhh\nbXBsZQ=='), null, 'Go skips line breaks');
    assert.equal(loadProblem(withCaData(d, Buffer.from('ok').toString('base64'))), undefined);
  });

  it('a directory in KUBECONFIG is a read error, not a YAML error', () => {
    const d = tempDir();
    const sub = join(d, 'adir');
    mkdirSync(sub);
    try {
      loadKubeconfig({ explicitPath: null, envValue: sub, homeDir: d, sandboxPath: null });
      assert.fail('loaded a directory');
    } catch (e) {
      assert.ok(e instanceof KubeconfigLoadError);
      const err = kubeconfigLoadStageError(e);
      assert.equal(err.kubectlMessage, `error: error loading config file "${sub}": read ${sub}: is a directory`);
      assert.doesNotMatch(err.message, /YAML|EISDIR/i);
    }
  });

  it('tokenFile and an exec command with a "/" are resolved against the kubeconfig\'s directory; client-node never sees token-file', () => {
    const d = tempDir();
    const kc = file(d, 'k.yaml', {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [
        { name: 'a', user: { tokenFile: 'tok', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'bin/plugin', interactiveMode: 'Never' } } },
        { name: 'b', user: { 'token-file': join(d, 'no-such-file'), exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'on-path-plugin', interactiveMode: 'Never' } } },
      ],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'a' } }],
      'current-context': 'x',
    });
    const m = loadKubeconfig({ explicitPath: kc, envValue: undefined, homeDir: d, sandboxPath: null });
    const a = m.raw.users.find((u) => u.name === 'a')!.user as { tokenFile: string; exec: { command: string } };
    assert.equal(a.tokenFile, join(d, 'tok'));
    assert.equal(a.exec.command, join(d, 'bin/plugin'));
    const b = m.raw.users.find((u) => u.name === 'b')!.user as { exec: { command: string } };
    assert.equal(b.exec.command, 'on-path-plugin', 'a PATH command stays as it is');
    // client-node would read token-file (and drop the user when the file is missing): it is not handed the key.
    assert.ok(m.kubeConfig.getUser('b'));
    assert.equal(m.kubeConfig.getUser('b')?.token, undefined);
  });
});
