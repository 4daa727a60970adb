// Every word a lesson shows is true of this run: for sandbox runs in several scenarios and with
// several flags, each stage's lesson is resolved with that run's stage data and versions, and every
// number, time and name in the text must occur in that data or sit in a `::: captured` example
// (the check itself: test/lessons/helpers/live-truth.ts). The live sentences the issue asks for are
// there, with this run's values; nothing reads "undefined", "null", "[object Object]" or "NaN".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadLessons, resolveLesson, validateLessonText, type LessonSet, type ResolvedLesson } from '../../src/lessons/index.js';
import type { RunVersions } from '../../src/lessons/index.js';
import { layoutBlocks, lineText, type Block } from '../../src/text/index.js';
import { SERVER_VERSIONS, startSandbox, type RunningSandbox, type ServerVersion } from '../../src/sandbox/index.js';
import type { GetCommand, TraceEnvironment } from '../../src/trace/command.js';
import { STAGE_NAMES as STAGE_NAMES, type StageDataMap, type StageName, type TraceReport } from '../../src/trace/types.js';
import { getCommand, runAll, tempDir } from '../trace/helpers/setup.js';
import { liveTruthProblems } from './helpers/live-truth.js';

/** Object and user names of the captured clusters (see test/fixtures/real-apiserver/README.md): named in a lesson only inside a captured example. */
const CAPTURED_NAMES = [
  'api-running', 'nginx', 'redis', 'web-with-sidecar', 'worker', 'demo', 'does-not-exist', 'node-1',
  'admin', 'kubernetes-admin', 'viewer', 'jane', 'token-user', 'badtoken', 'nobody', 'pod-reader', 'viewer-pod-reader',
];

interface Run {
  label: string;
  scenario: string;
  serverVersion: ServerVersion;
  command: Partial<GetCommand>;
}

const SHAPES: { name: string; scenario: string; command: Partial<GetCommand> }[] = [
  { name: 'default', scenario: 'default', command: {} },
  { name: 'forbidden', scenario: 'forbidden', command: {} },
  { name: 'empty', scenario: 'empty', command: {} },
  { name: 'crashloop', scenario: 'crashloop', command: {} },
  { name: 'many', scenario: 'many', command: {} },
  { name: '-o json', scenario: 'default', command: { output: 'json' } },
  { name: '-o wide', scenario: 'default', command: { output: 'wide' } },
  { name: '-A', scenario: 'default', command: { allNamespaces: true } },
  { name: '--context sandbox-viewer', scenario: 'default', command: { context: 'sandbox-viewer' } },
  { name: '--chunk-size 1', scenario: 'default', command: { chunkSize: 1 } },
];

/** Every shape against every server version the sandbox can be (v1.28 and v1.33 read lists differently). */
const RUNS: Run[] = SERVER_VERSIONS.flatMap((serverVersion) => SHAPES.map(({ name, scenario, command }) => ({ label: `${serverVersion} ${name}`, scenario, serverVersion, command })));

function stageData<N extends StageName>(report: TraceReport, name: N): StageDataMap[N] | null {
  const s = report.stages.find((x) => x.name === name);
  return (s?.data ?? null) as StageDataMap[N] | null;
}

function runVersions(report: TraceReport): RunVersions {
  return { server: report.versions?.server.info?.gitVersion ?? null, kubectl: report.versions?.kubectl.gitVersion ?? null };
}

/** The blocks as one line of text (laid out wide, rows joined by spaces). */
function blocksText(blocks: readonly Block[]): string {
  return layoutBlocks(blocks, 1000).map(lineText).join(' ');
}

function mythText(lesson: ResolvedLesson, claim: RegExp): string {
  const m = lesson.myths.find((x) => claim.test(x.claim.map((s) => s.text).join('')));
  assert.ok(m, `no myth ${claim} in the ${lesson.stage} lesson`);
  return blocksText(m.reality).replace(/\s+/g, ' ');
}

function sectionText(lesson: ResolvedLesson, heading: RegExp): string {
  const s = lesson.sections.find((x) => heading.test(x.heading.map((h) => h.text).join('')));
  assert.ok(s, `no section ${heading} in the ${lesson.stage} lesson`);
  return blocksText(s.blocks).replace(/\s+/g, ' ');
}

describe('lessons in sandbox runs: every number, time and name is this run\'s or labelled as captured', () => {
  const sandboxes = new Map<string, RunningSandbox>();
  const reports = new Map<string, TraceReport>();
  let lessons: LessonSet;
  const names = new Set(CAPTURED_NAMES);

  before(async () => {
    lessons = await loadLessons();
    for (const run of RUNS) {
      const key = `${run.serverVersion} ${run.scenario}`;
      if (!sandboxes.has(key)) sandboxes.set(key, await startSandbox({ scenario: run.scenario, serverVersion: run.serverVersion }));
      const sb = sandboxes.get(key)!;
      const home = tempDir();
      const kubeconfigPath = join(home, 'sandbox.kubeconfig');
      await sb.writeKubeconfig(kubeconfigPath);
      const env: TraceEnvironment = { env: {}, homeDir: home, sandbox: { kubeconfigPath, server: sb.url, scenario: sb.scenario, reason: 'flag' }, toolVersion: '0.0.0-test' };
      const { report } = await runAll(getCommand({ sandbox: true, requestTimeoutMs: 0, ...run.command }), env);
      reports.set(run.label, report);
    }
    // A server that refuses connections: kubectl asks for discovery five times and logs each failure.
    {
      const sb = await startSandbox();
      const home = tempDir();
      const kubeconfig = join(home, 'refused.kubeconfig');
      await sb.writeKubeconfig(kubeconfig);
      await sb.close();
      const { report } = await runAll(getCommand({ kubeconfig, requestTimeoutMs: 2000 }), { env: {}, homeDir: home, sandbox: null, toolVersion: '0.0.0-test' });
      reports.set('refused', report);
    }
    // Names of every run's objects and users: a lesson that names one must be resolved with data that has it.
    // Single words (the crashloop scenario's pods are called "error", "running", …) are English, not names.
    for (const report of reports.values()) {
      for (const item of stageData(report, 'etcd')?.items ?? []) for (const n of [item.name, item.namespace]) if (/[-\d]/.test(n)) names.add(n);
      const whoami = stageData(report, 'authz')?.whoami;
      if (whoami?.available) names.add(whoami.username);
    }
  });
  after(async () => {
    for (const sb of sandboxes.values()) await sb.close();
  });

  for (const run of [...RUNS, { label: 'refused' }]) {
    it(`${run.label}: each stage's lesson, for this run's versions and for unknown versions`, () => {
      const report = reports.get(run.label)!;
      const versions = runVersions(report);
      const problems: string[] = [];
      for (const stage of STAGE_NAMES) {
        const data = stageData(report, stage);
        for (const v of [versions, {}]) {
          const resolved = resolveLesson(lessons[stage], { data, versions: v });
          for (const p of liveTruthProblems(resolved, { data, versions: report.versions ?? null }, names)) {
            problems.push(`${stage} (versions ${JSON.stringify(v)}): ${p.kind} "${p.token}" in "${p.text.slice(0, 120)}"`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  const each = (names: string[]): string[] => SERVER_VERSIONS.flatMap((v) => names.map((n) => `${v} ${n}`));

  it('the resourceVersion myth names a pod of this run with its resourceVersion beside the list\'s', () => {
    for (const label of each(['default', 'many', '-A'])) {
      const report = reports.get(label)!;
      const etcd = stageData(report, 'etcd')!;
      const item = etcd.items[0]!;
      const text = mythText(resolveLesson(lessons.etcd, { data: etcd, versions: runVersions(report) }), /resourceVersion counts/);
      assert.ok(text.includes(`In this run pod ${item.name} has resourceVersion ${item.resourceVersion}, and the list was read at ${etcd.listResourceVersion}.`), `${label}: ${text}`);
    }
  });

  it('the AGE myth shows a pod\'s creationTimestamp, the response\'s Date and the AGE the server printed', () => {
    for (const label of each(['default', 'crashloop', '-o wide'])) {
      const report = reports.get(label)!;
      const format = stageData(report, 'format')!;
      const age = format.ageExample;
      assert.ok(age?.responseDate, `${label}: the format stage has an AGE example`);
      const text = mythText(resolveLesson(lessons.format, { data: format, versions: runVersions(report) }), /AGE is computed on your machine/);
      assert.ok(text.includes(`pod ${age.name} was created at ${age.creationTimestamp}, the response is dated ${age.responseDate}, and the server printed AGE ${age.printedAge}.`), `${label}: ${text}`);
      // The server's own cell: the printed AGE is what stdout shows for that row.
      assert.match(format.stdout, new RegExp(`^${age.name}\\s.*\\s${age.printedAge}(\\s|$)`, 'm'));
    }
    // -o json has no Table, so no AGE example: the sentence is left out, not filled with nothing.
    for (const label of each(['-o json'])) {
      const json = reports.get(label)!;
      const text = mythText(resolveLesson(lessons.format, { data: stageData(json, 'format'), versions: runVersions(json) }), /AGE is computed on your machine/);
      assert.doesNotMatch(text, /In this run/);
    }
  });

  it('where the list was read follows the server\'s version, and the sandbox says what it did', () => {
    for (const label of each(['default', '--chunk-size 1'])) {
      const report = reports.get(label)!;
      const etcd = stageData(report, 'etcd')!;
      const inside = etcd.insideApiServer;
      assert.ok(inside, label);
      const lesson = resolveLesson(lessons.etcd, { data: etcd, versions: runVersions(report) });
      assert.match(sectionText(lesson, /never talks to etcd/), new RegExp(`keeps its objects in ${inside.backend} storage`));
      const read = sectionText(lesson, /This run's read/);
      assert.ok(read.includes(`page 1: ${etcd.pages[0]!.expectedRead!.why}`), read);
      assert.ok(read.includes(`at revision ${inside.revision}, served from ${inside.servedFrom}`), read);
      // v1.31+: the limit=1 read of the current revision comes first; v1.28 has none, and says none.
      if (inside.revisionCheck) assert.ok(read.includes(`First it read ${inside.revisionCheck.key} with limit=1 to learn the current revision: ${inside.revisionCheck.revision}.`), read);
      else assert.doesNotMatch(read, /First it read/);
      const where = sectionText(lesson, /Where a consistent list is read/);
      if (report.versions?.server.info?.minor === '28') {
        assert.match(where, /kube-apiserver < 1\.31: kube-apiserver reads it from etcd/);
        assert.doesNotMatch(where, /watch cache/);
      } else {
        assert.match(where, /kube-apiserver ≥ 1\.31: The first page comes from the watch cache/);
        assert.doesNotMatch(where, /< 1\.31/);
      }
      if (etcd.pages.length > 1) assert.ok(sectionText(lesson, /This run's pages/).includes(`Page 2, for this run's server: ${etcd.pages[1]!.expectedRead!.why}.`));
    }
  });

  it('no lesson text names a port or address except the run\'s own or inside a captured example', () => {
    for (const label of each(['default'])) {
      const report = reports.get(label)!;
      for (const stage of STAGE_NAMES) {
        const l = resolveLesson(lessons[stage], { data: stageData(report, stage), versions: runVersions(report) });
        for (const sec of l.sections) assert.doesNotMatch(blocksText(sec.blocks.filter((b) => !(b.kind === 'group' && b.origin === 'captured'))), /\b2379\b|\b6443\b/, `${label} ${stage}`);
      }
    }
  });

  it('the authorization lesson says who decided: the privileged group for system:masters, RBAC otherwise', () => {
    const text = (r: TraceReport) => sectionText(resolveLesson(lessons.authz, { data: stageData(r, 'authz'), versions: runVersions(r) }), /^Authorization$/);
    for (const v of SERVER_VERSIONS) {
      const admin = text(reports.get(`${v} default`)!);
      const viewer = text(reports.get(`${v} --context sandbox-viewer`)!);
      const forbidden = text(reports.get(`${v} forbidden`)!);
      assert.match(admin, /You are in system:masters: the privileged-group authorizer allowed this request, and RBAC was never asked\./);
      assert.doesNotMatch(admin, /The SelfSubjectAccessReview says/, 'the privileged group gives no reason');
      assert.match(viewer, /The SelfSubjectAccessReview says: RBAC: allowed by RoleBinding "viewer-pod-reader\/default"/);
      assert.doesNotMatch(viewer, /You are in system:masters/);
      assert.match(forbidden, /The server refused: pods is forbidden: User "nobody" cannot list/);
    }
  });

  it('when discovery fails, the lesson describes the lines this run\'s kubectl prints', () => {
    const report = reports.get('refused')!;
    const lines = report.output.stderr.split('\n').filter((l) => l.includes('memcache.go:265]'));
    assert.equal(lines.length, 5, report.output.stderr);
    const text = sectionText(resolveLesson(lessons.request, { data: stageData(report, 'request'), versions: runVersions(report) }), /Why kubectl asks five times/);
    // The variant shown is the one for this kubectl, and it is the form kubectl wrote.
    if (lines.every((l) => l.includes('"Unhandled Error" err="couldn\'t get current server API group list'))) assert.match(text, /kubectl ≥ 1\.31: Structured/);
    else if (lines.every((l) => l.includes("] couldn't get current server API group list"))) assert.match(text, /kubectl < 1\.31: Plain/);
    else assert.fail(`unexpected lines: ${lines.join('\n')}`);
    assert.doesNotMatch(text, /For kubectl < 1\.31.*For kubectl ≥ 1\.31/);
  });

  it('the request lesson shows the Accept header that was sent, whatever the output', () => {
    for (const label of each(['default', '-o json', '-o wide'])) {
      const report = reports.get(label)!;
      const request = stageData(report, 'request')!;
      const text = sectionText(resolveLesson(lessons.request, { data: request, versions: runVersions(report) }), /The list request/);
      assert.ok(text.includes(`Accept: ${request.request.accept}`), `${label}: ${text}`);
    }
  });
});

describe('the live-truth check itself', () => {
  const LESSON = `title: t
summary: s
body:
  - heading: h
    text: |
      The list was read at 242 on port 2379, at 02:24:58, AGE 111s; pod api-running.

      ::: captured v1.28.7
      The list was read at 242 on port 2379, at 02:24:58, AGE 111s; pod api-running.
      :::
    here: 'This run: {{listResourceVersion}}, pod {{items.0.name}}.'
look_at: []
myths: []
sources: []
try: []
`;
  const { lesson } = validateLessonText(LESSON, 'etcd.yaml', 'etcd');
  const data = { listResourceVersion: '33', items: [{ namespace: 'default', name: 'web-0001', resourceVersion: '20', key: '/registry/pods/default/web-0001' }] };

  it('flags captured numbers, times, durations and names outside a captured example, and only there', () => {
    assert.ok(lesson);
    const resolved = resolveLesson(lesson, { data: data as never });
    const problems = liveTruthProblems(resolved, data, new Set(['api-running', 'web-0001']));
    assert.deepEqual(problems.map((p) => `${p.kind} ${p.token}`).sort(), ['duration 111s', 'name api-running', 'number 2379', 'number 242', 'time 02:24:58']);
  });

  it('accepts the values of the run and facts of Kubernetes', () => {
    assert.ok(lesson);
    const resolved = resolveLesson(lesson, { data: data as never });
    const problems = liveTruthProblems(resolved, data, new Set(['web-0001']));
    assert.ok(!problems.some((p) => p.token === '33' || p.token === 'web-0001'), JSON.stringify(problems));
  });

  it('flags a missing value shown as text', () => {
    const resolved = resolveLesson(lesson!, { data: data as never });
    resolved.sections[0]!.blocks.push({ kind: 'paragraph', lines: [[{ text: 'read at undefined', style: 'plain' }]] });
    assert.ok(liveTruthProblems(resolved, data, new Set()).some((p) => p.kind === 'missing-value'));
  });
});
