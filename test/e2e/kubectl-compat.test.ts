// The promise of `output` in --json: exactly what real kubectl prints and returns for the same flags
// against the same server. Runs the real kubectl against `kube-trace sandbox`'s kubeconfig.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { kubectlPath, normaliseAges, runKubectl } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { TraceReport } from '../../src/trace/types.js';

const kubectl = kubectlPath();

const CASES: string[][] = [
  [],
  ['-o', 'wide'],
  ['-A'],
  ['-A', '-o', 'wide'],
  ['-n', 'demo'],
  ['-n', 'kube-system', '-o', 'wide'],
  ['-l', 'app=nginx'],
  ['-A', '-l', 'app=nginx'],
  ['-l', 'tier in (frontend,backend)'],
  ['-A', '--field-selector', 'status.phase=Running'],
  ['-n', 'empty'],
  ['-n', 'does-not-exist'],
  ['-A', '-l', 'app=no-such-app'],
  ['nginx'],
  ['no-such-pod'],
  ['-o', 'json'],
  ['-o', 'yaml'],
  ['-o', 'name'],
  ['-A', '-o', 'name'],
  ['--chunk-size=1'],
  ['-A', '--chunk-size=2'],
  ['-l', 'app in ('],
  ['--field-selector', 'spec.containers.image=nginx'],
  ['--context', 'sandbox-viewer'],
  ['--context', 'sandbox-viewer', '-n', 'demo'],
  ['--context', 'sandbox-viewer', '-A'],
  ['--context', 'sandbox-nobody'],
  ['--context', 'sandbox-token', '-n', 'demo'],
];

describe('kube-trace output equals real kubectl output', { skip: kubectl ? false : 'kubectl is not on PATH' }, () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(async () => {
    await sb?.close();
  });

  for (const args of CASES) {
    test(`kubectl get pods ${args.join(' ')}`, async () => {
      const k = await runKubectl(kubectl as string, ['--kubeconfig', sb.kubeconfig, 'get', 'pods', ...args], sb.env);
      const run = await runCli(['get', 'pods', '--json', '--kubeconfig', sb.kubeconfig, ...args], sb.env);
      const out = (JSON.parse(run.stdout) as TraceReport).output;
      assert.equal(out.exitCode, k.exitCode, `exit code (kubectl stderr: ${k.stderr})`);
      assert.equal(normaliseAges(out.stdout), normaliseAges(k.stdout), 'stdout');
      assert.equal(out.stderr, k.stderr, 'stderr');
    });
  }

  test('a bad token: both say Unauthorized, exit 1', async () => {
    const kc = await sb.variant('badtoken', (cfg) => {
      const ctx = cfg.contexts.find((c) => c.name === 'sandbox-token');
      const u = cfg.users.find((x) => x.name === ctx?.context['user']);
      assert.ok(u);
      u.user = { token: 'bogus-token' };
      cfg['current-context'] = 'sandbox-token';
    });
    const k = await runKubectl(kubectl as string, ['--kubeconfig', kc, 'get', 'pods'], sb.env);
    const run = await runCli(['get', 'pods', '--json', '--kubeconfig', kc], sb.env);
    const out = (JSON.parse(run.stdout) as TraceReport).output;
    assert.equal(out.exitCode, k.exitCode);
    assert.equal(out.stderr, k.stderr);
  });
});
