// get pods -w in the interactive UI, in a real terminal (tmux), over the watch-demo scenario: the
// watch stage is the eighth, its events appear while it is open (the stage is still running), each
// with its type, pod and resourceVersion and the row kubectl printed, and --request-timeout ends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TmuxSession, tmuxUnavailable } from './helpers/tmux.js';

const missing = tmuxUnavailable();
const skip = missing !== null && process.env['CI'] !== 'true' ? missing : false;

test('the watch stage shows the events arrive, in order with their resourceVersions, then how the watch ended', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 110, rows: 44, args: ['get', 'pods', '-w', '--scenario', 'watch-demo', '--request-timeout=12s'] });
  try {
    let s = await t.waitFor(/1\/8  Parse the command line/);
    assert.match(s, /parse.*kubeconfig.*request.*authz.*etcd.*response.*format.*watch/);
    for (let i = 2; i <= 7; i++) {
      t.key('Right');
      await t.waitFor(new RegExp(`${i}/8  `));
    }
    s = await t.waitFor(/7\/8  Format the output[\s\S]*batch-0/);
    t.key('Right');
    // While the watch is open: the first event, then all four, before the stage has ended.
    s = await t.waitFor(/8\/8  Watch for changes[\s\S]*#1 .*ADDED\s+default\/batch-1\s+rv \d+/);
    assert.match(s, /watching…|the stream is open/, 'the stage is still open when the first event shows');
    s = await t.waitFor(/#4 .*DELETED\s+default\/batch-0\s+rv \d+/);
    const rvs = ['#1 ', '#2 ', '#3 ', '#4 '].map((n) => {
      const row = s.split('\n').find((r) => r.includes(n) && / rv \d+/.test(r));
      assert.ok(row !== undefined, `${n} on screen:\n${s}`);
      return Number(/ rv (\d+)/.exec(row)?.[1]);
    });
    assert.ok(rvs.every((rv, i) => i === 0 || rv > (rvs[i - 1] ?? 0)), `resourceVersions grow: ${rvs.join(', ')}`);
    assert.match(s, /#2 .*MODIFIED\s+default\/batch-1[\s\S]*batch-1\s+1\/1\s+Running/);
    assert.match(s, /#3 .*MODIFIED\s+default\/batch-0[\s\S]*batch-0\s+1\/1\s+Terminating/);
    s = await t.waitFor(/Ended\s+after [\d.]+ ?m?s: --request-timeout ran out/, 60_000);
    t.key('q');
    assert.equal(await t.exitCode(), 0);
  } finally {
    t.close();
  }
});

test('Ctrl-C while the watch is open ends the watch, not kube-trace: the stage shows it, and leaving exits with kubectl\'s 1', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 110, rows: 44, args: ['get', 'pods', '-w', '--scenario', 'watch-demo', '--stage', 'watch'] });
  try {
    await t.waitFor(/8\/8  Watch for changes[\s\S]*#4 .*DELETED\s+default\/batch-0/);
    t.key('C-c');
    const s = await t.waitFor(/Ended\s+after [\d.]+ ?m?s: Ctrl-C/);
    assert.match(s, /Exit code\s+1/);
    // Q: quit without the question about the stages --stage skipped over.
    t.key('Q');
    assert.equal(await t.exitCode(), 1);
  } finally {
    t.close();
  }
});
