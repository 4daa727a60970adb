// argv for the writes, as kubectl 1.33 reads it: the command each spelling becomes, and kubectl's own
// error texts for what it refuses before sending anything (each read off kubectl.1.33 on this machine).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli/args.js';
import { decodeManifest } from '../../src/trace/kubectl/manifest.js';
import type { WriteCommand } from '../../src/trace/command.js';

const CTX = { stdoutIsTTY: false, stdinIsTTY: false, decodeManifest };
const dir = mkdtempSync(join(tmpdir(), 'kube-trace-write-args-'));
const pod = join(dir, 'pod.yaml');
writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: writes\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');

function write(argv: string[]): WriteCommand {
  const c = parseCli(argv, CTX);
  assert.equal(c.kind, 'write', JSON.stringify(c));
  return (c as { command: WriteCommand }).command;
}

function refusal(argv: string[]): string {
  const c = parseCli(argv, CTX);
  assert.equal(c.kind, 'usage-error');
  return (c as { message: string }).message;
}

describe('kube-trace apply / create / delete / run read argv as kubectl does', () => {
  it('apply -f: client-side apply by default, with strict validation and the manifest decoded', () => {
    const c = write(['apply', '-f', pod]);
    assert.equal(c.verb, 'apply');
    assert.ok(c.write.verb === 'apply' && !c.write.serverSide && c.write.validate === 'strict' && Array.isArray(c.write.objects));
    assert.equal(c.resourceName, 'web');
    assert.equal(c.allowWrites, false);
  });

  it('apply --server-side --force-conflicts --field-manager=me, --validate=false, --dry-run=server', () => {
    const c = write(['apply', '--server-side', '--force-conflicts', '--field-manager=me', '--validate=false', '--dry-run=server', '-f', pod]);
    assert.ok(c.write.verb === 'apply');
    assert.deepEqual([c.write.serverSide, c.write.forceConflicts, c.write.fieldManager, c.write.validate, c.write.dryRun], [true, true, 'me', 'ignore', 'server']);
  });

  it('--validate alone means strict (pflag NoOptDefVal)', () => {
    const c = write(['create', '--validate', '-f', pod]);
    assert.ok(c.write.verb === 'create' && c.write.validate === 'strict');
  });

  it('delete TYPE NAME and TYPE/NAME, with --grace-period, --force, --wait=false', () => {
    const a = write(['delete', 'pod', 'web', '-n', 'writes']);
    assert.ok(a.write.verb === 'delete');
    assert.deepEqual([a.write.resource, a.write.name, a.write.wait, a.write.gracePeriod, a.namespace], ['pod', 'web', true, -1, 'writes']);
    const b = write(['delete', 'pod/web', '--grace-period=0', '--force', '--wait=false']);
    assert.ok(b.write.verb === 'delete');
    assert.deepEqual([b.write.name, b.write.gracePeriod, b.write.force, b.write.wait], ['web', 0, true, false]);
  });

  it('run NAME --image=IMG, with labels, restart policy and env', () => {
    const c = write(['run', 'nginx', '--image=nginx', '-l', 'a=b', '--restart=Never', '--env=X=1']);
    assert.ok(c.write.verb === 'run');
    assert.deepEqual([c.write.name, c.write.image, c.write.labels, c.write.restart, c.write.env], ['nginx', 'nginx', { a: 'b' }, 'Never', ['X=1']]);
  });

  it('--allow-writes and --yes are kube-trace\'s own flags', () => {
    const c = parseCli(['apply', '-f', pod, '--allow-writes', '--yes'], CTX);
    assert.ok(c.kind === 'write' && c.command.allowWrites && c.yes);
  });

  it('refuses with kubectl 1.33\'s texts', () => {
    assert.equal(refusal(['apply']), 'must specify one of -f and -k');
    assert.equal(refusal(['create']), 'must specify one of -f and -k');
    assert.equal(refusal(['delete', 'pod']), 'resource(s) were provided, but no name was specified');
    assert.match(refusal(['delete']), /^You must provide one or more resources by argument or filename\.\nExample resource specifications include:\n {3}'-f rsrc\.yaml'/);
    assert.equal(refusal(['run', 'nginx']), 'required flag(s) "image" not set');
    assert.equal(refusal(['apply', '-f', pod, '--force-conflicts']), '--force-conflicts only works with --server-side');
    assert.equal(refusal(['apply', '-f', pod, '--validate=bogus']), 'invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)');
    assert.equal(refusal(['apply', '-f', pod, '--dry-run=bogus']), 'Invalid dry-run value (bogus). Must be "none", "server", or "client".');
    assert.equal(refusal(['run', 'nginx', '--image=nginx', '--restart=Bad']), "invalid restart policy: Bad\nSee 'kubectl run -h' for help and examples");
    assert.equal(refusal(['create', '-f', join(dir, 'nonexist.yaml')]), `the path "${join(dir, 'nonexist.yaml')}" does not exist`);
    assert.equal(refusal(['apply', '-f', pod, '--bogus']), 'unknown flag: --bogus');
  });

  it('--stage takes the write plan\'s stages only', () => {
    assert.equal(write(['apply', '-f', pod, '--stage', 'admission']).startStage, 'admission');
    assert.match(refusal(['apply', '-f', pod, '--stage', 'format']), /^--stage must be one of parse, kubeconfig, request, authz, admission, write, response, watch/);
  });
});
