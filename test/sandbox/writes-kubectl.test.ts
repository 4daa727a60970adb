// Real kubectl 1.33 writes to the sandbox, replaying the v1.33.3 write captures
// (test/fixtures/real-apiserver-v1.33/write/kubectl/) in their order, from a directory laid out as the
// capture's was (manifests/…), so every stdout, error line and exit code must equal the capture's.
// Values of the moment (uid, timestamps, resourceVersion, the token volume's suffix) are normalised.
// Skipped when kubectl.1.33 is not installed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { versionedKubectls } from '../helpers/kubectl.js';

const FIX = fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/write/', import.meta.url));
const KUBECTL = versionedKubectls().find((k) => k.version === '1.33')?.path ?? (existsSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.33') ? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33' : null);
const skip = KUBECTL ? false : 'kubectl.1.33 is not installed';

interface Capture {
  args: string[];
  stdout: string;
  /** stderr without kubectl's -v=9 log: the lines kubectl prints at the default verbosity. */
  errors: string[];
  exitCode: number;
}

/** What kubectl prints at -v=0 among a -v=9 stderr: its error and warning lines. */
function userLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^(Error from server|The |error:|Warning:)/.test(l));
}

function capture(name: string): Capture {
  const text = readFileSync(join(FIX, 'kubectl', name), 'utf8');
  const [cmd = ''] = text.split('\n');
  const args = cmd.replace(/^\$ kubectl\.1\.33 /, '').split(' ').filter((a) => !a.startsWith('--kubeconfig=') && a !== '-v=9');
  const stdout = text.slice(text.indexOf('--- stdout ---\n') + 15, text.indexOf('--- stderr ---\n'));
  const stderr = text.slice(text.indexOf('--- stderr ---\n') + 15, text.indexOf('--- exit code: '));
  const exitCode = Number(/--- exit code: (\d+) ---/.exec(text)?.[1] ?? '-1');
  return { args, stdout, errors: userLines(stderr), exitCode };
}

/** Values that belong to the moment of a run. */
function normalise(yaml: string): string {
  return yaml
    .replace(/uid: [0-9a-f-]{36}/g, 'uid: <uid>')
    .replace(/(creationTimestamp|time): "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g, '$1: <time>')
    .replace(/resourceVersion: "\d+"/g, 'resourceVersion: <rv>')
    .replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-<suffix>');
}

let sb: RunningSandbox;
let dir: string;
let kubeconfig: string;

before(async () => {
  if (skip) return;
  sb = await startSandbox({ serverVersion: "1.33", controllers: false });
  dir = await mkdtemp(join(tmpdir(), 'kube-trace-writes-'));
  cpSync(join(FIX, 'manifests'), join(dir, 'manifests'), { recursive: true });
  kubeconfig = join(dir, 'admin.yaml');
  await sb.writeKubeconfig(kubeconfig, { currentContext: 'sandbox-admin' });
});

after(async () => {
  if (skip) return;
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

let homes = 0;
function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve) => {
    // A fresh HOME for every run: no discovery or OpenAPI cache carried over, as in the captures.
    const home = join(dir, `home-${homes++}`);
    execFile(KUBECTL as string, [`--kubeconfig=${kubeconfig}`, ...args], { cwd: dir, env: { HOME: home, PATH: process.env['PATH'] ?? '' }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

async function replay(name: string, opts: { normalised?: boolean } = {}): Promise<void> {
  const c = capture(name);
  const r = await kubectl(c.args);
  const out = opts.normalised ? normalise(r.stdout) : r.stdout;
  assert.equal(out, opts.normalised ? normalise(c.stdout) : c.stdout, `${name}: stdout`);
  assert.deepEqual(userLines(r.stderr), c.errors, `${name}: stderr`);
  assert.equal(r.exitCode, c.exitCode, `${name}: exit code`);
}

async function ok(args: string[], stdout: string): Promise<void> {
  const r = await kubectl(args);
  assert.equal(r.stdout, stdout, `${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.exitCode, 0);
}

describe('kubectl 1.33 writes against the sandbox, as the v1.33.3 captures show', { skip }, () => {
  it('a pod is refused until the namespace has its ServiceAccount (ServiceAccount admission, 403)', async () => {
    await ok(['create', 'namespace', 'writes'], 'namespace/writes created\n');
    await replay('02-admin-create-pod-before-serviceaccount-forbidden.txt');
    await ok(['create', 'serviceaccount', 'default', '-n', 'writes'], 'serviceaccount/default created\n');
  });

  it('apply creates the pod; the stored object after admission is the captured one', async () => {
    await replay('10-admin-apply-pod-create.txt');
    await replay('11-admin-get-pod-web-o-yaml-show-managed-fields.txt', { normalised: true });
  });

  it('a second apply is "unchanged" and writes nothing; a changed label is "configured" and one write', async () => {
    const before = sb.revision();
    await replay('12-admin-apply-pod-unchanged.txt');
    assert.equal(sb.revision(), before, 'unchanged apply moved the revision');
    await replay('13-admin-apply-pod-configured.txt');
    assert.equal(sb.revision(), before + 1);
  });

  it('a stale replace is a 409 Conflict, a create of an existing pod a 409 AlreadyExists', async () => {
    await replay('14-admin-replace-pod-web-stale-conflict.txt');
    await replay('15-admin-create-pod-web-already-exists.txt');
  });

  it('server-side apply creates with manager kubectl (operation Apply) owning only the applied fields', async () => {
    await replay('16-admin-apply-server-side-pod-ssa.txt');
    await replay('17-admin-get-pod-web-ssa-o-yaml-show-managed-fields.txt', { normalised: true });
  });

  it('apply --dry-run=server (dryRun=All) answers as created and stores nothing', async () => {
    const before = sb.revision();
    await replay('18-admin-apply-dry-run-server-pod-dryrun.txt');
    assert.equal(sb.revision(), before);
    const r = await kubectl(['get', 'pod', 'web-dryrun', '-n', 'writes']);
    assert.equal(r.stderr, 'Error from server (NotFound): pods "web-dryrun" not found\n');
  });

  it('validation refuses with 422 field errors and strict decoding with 400, in kubectl\'s words', async () => {
    for (const name of ['22-admin-create-pod-invalid-name.txt', '23-admin-create-pod-no-image-invalid.txt', '24-admin-create-pod-unknown-field-strict.txt', '26-admin-create-pod-privileged-invalid.txt']) await replay(name);
  });

  it('PodSecurity at the namespace\'s enforce level refuses, before AlreadyExists', async () => {
    await ok(['label', 'namespace', 'writes', 'pod-security.kubernetes.io/enforce=restricted'], 'namespace/writes labeled\n');
    await replay('27-admin-create-pod-hostnetwork-podsecurity-forbidden.txt');
    await replay('29-admin-create-existing-pod-restricted-podsecurity-forbidden.txt');
    await ok(['label', 'namespace', 'writes', 'pod-security.kubernetes.io/enforce-'], 'namespace/writes unlabeled\n');
  });

  it('a ValidatingAdmissionPolicy\'s CEL expression refuses (422), after validation; a Deployment within it is created as captured', async () => {
    await ok(['create', '-f', 'manifests/vap.yaml'], 'validatingadmissionpolicy.admissionregistration.k8s.io/max-replicas created\nvalidatingadmissionpolicybinding.admissionregistration.k8s.io/max-replicas-writes created\n');
    await replay('34-admin-create-deploy-replicas5-vap-denied.txt');
    await replay('35-admin-create-deploy-replicas5-bad-selector-invalid.txt');
    await replay('36-admin-create-deploy.txt');
    await replay('38-admin-get-deploy-web-o-yaml.txt', { normalised: true });
  });

  it('apply of a ConfigMap and a Deployment: created, then unchanged with no write, then configured', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: writes\ndata:\n  color: blue\n';
    await writeFile(join(dir, 'cm.yaml'), cm);
    await ok(['apply', '-f', 'cm.yaml'], 'configmap/settings created\n');
    const deploy = readFileSync(join(FIX, 'manifests', 'deploy.yaml'), 'utf8').replace('name: web\n', 'name: applied\n');
    await writeFile(join(dir, 'deploy.yaml'), deploy);
    await ok(['apply', '-f', 'deploy.yaml'], 'deployment.apps/applied created\n');
    const before = sb.revision();
    await ok(['apply', '-f', 'cm.yaml'], 'configmap/settings unchanged\n');
    await ok(['apply', '-f', 'deploy.yaml'], 'deployment.apps/applied unchanged\n');
    assert.equal(sb.revision(), before);
    await writeFile(join(dir, 'cm.yaml'), cm.replace('blue', 'green'));
    await ok(['apply', '-f', 'cm.yaml'], 'configmap/settings configured\n');
    await writeFile(join(dir, 'deploy.yaml'), deploy.replace('replicas: 2', 'replicas: 3'));
    await ok(['apply', '-f', 'deploy.yaml'], 'deployment.apps/applied configured\n');
    assert.equal(sb.revision(), before + 2);
    await ok(['get', 'deployment', 'applied', '-n', 'writes', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'], '3 2');
  });

  it('create configmap (a protobuf body) and delete pod / configmap', async () => {
    await replay('40-admin-create-configmap-x.txt');
    await replay('41-admin-delete-pod-web.txt');
    await replay('43-admin-delete-configmap-x.txt');
  });
});

