// "What kubectl prints" is what kubectl prints: for each scenario and flag set, the learner's own
// kubectl (the one on PATH) and kube-trace run against the same sandbox, with a cold discovery cache
// and then a warm one, and kube-trace's output equals kubectl's — stdout, stderr (klog lines with the
// time and pid aside) and the exit code.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TraceReport } from '../../src/trace/types.js';
import { runCli } from '../helpers/cli.js';
import { normaliseKlog } from '../helpers/klog.js';
import { kubectlPath, normaliseAges, runKubectl } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const KUBECTL = kubectlPath();
const skip = KUBECTL === null ? 'kubectl is not on PATH' : false;

interface Case {
  scenario: string;
  args: string[];
}

const CASES: Case[] = [
  { scenario: 'default', args: [] },
  { scenario: 'default', args: ['-o', 'json'] },
  { scenario: 'default', args: ['-o', 'wide'] },
  { scenario: 'default', args: ['-A'] },
  { scenario: 'default', args: ['--context', 'sandbox-viewer'] },
  { scenario: 'default', args: ['--context', 'sandbox-viewer', '-n', 'kube-system'] },
  { scenario: 'default', args: ['--context', 'sandbox-nobody'] },
  { scenario: 'default', args: ['-n', 'nope', 'nginx'] },
  { scenario: 'empty', args: [] },
  { scenario: 'empty', args: ['-A', '-o', 'name'] },
  { scenario: 'crashloop', args: ['-A'] },
  { scenario: 'many', args: ['-A'] },
];

function same(text: string): string {
  return normaliseAges(normaliseKlog(text)).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<PORT>');
}

describe('kube-trace prints what the kubectl on PATH prints, cold and warm cache', { skip, concurrency: 2 }, () => {
  const sandboxes = new Map<string, TestSandbox>();
  before(async () => {
    for (const s of new Set(CASES.map((c) => c.scenario))) sandboxes.set(s, await startTestSandbox({ scenario: s }));
  });
  after(async () => {
    for (const sb of sandboxes.values()) await sb.close();
  });

  for (const c of CASES) {
    it(`${c.scenario}: get pods ${c.args.join(' ')}`, { timeout: 120_000 }, async () => {
      const sb = sandboxes.get(c.scenario);
      assert.ok(sb && KUBECTL);
      // One HOME for both: kube-trace runs first on a cold cache, then kubectl (which fills its cache),
      // then both again on the warm one.
      const home = mkdtempSync(join(tmpdir(), 'kube-trace-parity-'));
      for (const cache of ['cold', 'warm']) {
        const run = await runCli(['get', 'pods', ...c.args, '--kubeconfig', sb.kubeconfig, '--json'], { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' });
        const theirs = await runKubectl(KUBECTL, ['--kubeconfig', sb.kubeconfig, 'get', 'pods', ...c.args], { PATH: process.env['PATH'], HOME: home });
        const ours = (JSON.parse(run.stdout) as TraceReport).output;
        assert.equal(ours.exitCode, theirs.exitCode, `${cache} cache: exit code`);
        assert.equal(same(ours.stdout), same(theirs.stdout), `${cache} cache: stdout`);
        assert.equal(same(ours.stderr), same(theirs.stderr), `${cache} cache: stderr`);
        assert.equal(run.exitCode, theirs.exitCode, `${cache} cache: kube-trace exits as kubectl does`);
      }
    });
  }

  it('a bad token: five discovery attempts logged with a cold cache, then one line; the list\'s 401 with a warm one', { timeout: 120_000 }, async () => {
    const sb = sandboxes.get('default');
    assert.ok(sb && KUBECTL);
    const bad = await sb.variant('bad-token', (cfg) => {
      cfg['current-context'] = 'sandbox-token';
      for (const u of cfg.users) if (u.name === 'sandbox-token') u.user = { token: 'not-the-token' };
    });
    const home = mkdtempSync(join(tmpdir(), 'kube-trace-parity-'));
    const env = { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' };
    const cold = (JSON.parse((await runCli(['get', 'pods', '--kubeconfig', bad, '--json'], env)).stdout) as TraceReport).output;
    const theirsCold = await runKubectl(KUBECTL, ['--kubeconfig', bad, 'get', 'pods'], env);
    assert.equal(theirsCold.stderr.trim().split('\n').length, 6, 'kubectl: five memcache lines and its error');
    assert.equal(same(cold.stderr), same(theirsCold.stderr));
    assert.equal(cold.exitCode, theirsCold.exitCode);
    // An admin's kubectl run fills the cache; with it, kubectl goes straight to the list and its 401.
    await runKubectl(KUBECTL, ['--kubeconfig', sb.kubeconfig, 'get', 'pods'], env);
    const warm = (JSON.parse((await runCli(['get', 'pods', '--kubeconfig', bad, '--json'], env)).stdout) as TraceReport).output;
    const theirsWarm = await runKubectl(KUBECTL, ['--kubeconfig', bad, 'get', 'pods'], env);
    assert.equal(theirsWarm.stderr.trim().split('\n').length, 1, 'kubectl: its error line only');
    assert.equal(same(warm.stderr), same(theirsWarm.stderr));
    assert.equal(warm.exitCode, theirsWarm.exitCode);
  });
});
