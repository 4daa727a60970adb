// Leaving the walkthrough after kube-trace stopped at its own limit: the normal screen gets kube-trace's
// sentence, said as kube-trace's, and never a line passed off as what kubectl printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GET_PLAN } from '../../src/trace/plan.js';
import { exitText } from '../../src/ui/exit.js';
import { okResults, reportFor } from './helpers/traceFixtures.js';

const UNKNOWN = 'kube-trace stopped reading the response at its own limit (64 MiB); kubectl has no such limit, reads all of it and prints from it, so what kubectl prints here is not known.';

test('an output kube-trace cannot know is said to be unknown, in kube-trace\'s name, with nothing on stdout', () => {
  const results = okResults();
  const report = { ...reportFor(results), output: { stdout: '', stderr: '', exitCode: 1, unknown: UNKNOWN } };
  const text = exitText({
    plan: GET_PLAN,
    snapshot: { results, report, running: null, crashed: null, done: true, failedAt: null },
    exit: { code: 1, output: 'keep' },
    seen: results.map(() => true),
    notice: null,
    sandboxKubeconfig: null,
    argv: ['get', 'pods'],
  });
  assert.equal(text.stdout, '');
  const [first, summary] = text.stderr.split('\n');
  assert.equal(first, `kube-trace: ${UNKNOWN}`);
  assert.match(summary ?? '', /^kube-trace: what kubectl prints is not known \(exit code 1\)/);
  assert.doesNotMatch(summary ?? '', /that is what/);
});
