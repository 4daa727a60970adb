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
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { GetCommand, TraceEnvironment } from '../../src/trace/command.js';
import { STAGE_NAMES, type StageDataMap, type StageName, type TraceReport } from '../../src/trace/types.js';
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
  command: Partial<GetCommand>;
}

const RUNS: Run[] = [
  { label: 'default', scenario: 'default', command: {} },
  { label: 'forbidden', scenario: 'forbidden', command: {} },
  { label: 'empty', scenario: 'empty', command: {} },
  { label: 'crashloop', scenario: 'crashloop', command: {} },
  { label: 'many', scenario: 'many', command: {} },
  { label: '-o json', scenario: 'default', command: { output: 'json' } },
  { label: '-o wide', scenario: 'default', command: { output: 'wide' } },
  { label: '-A', scenario: 'default', command: { allNamespaces: true } },
  { label: '--context sandbox-viewer', scenario: 'default', command: { context: 'sandbox-viewer' } },
];

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
    for (const scenario of new Set(RUNS.map((r) => r.scenario))) sandboxes.set(scenario, await startSandbox({ scenario }));
    for (const run of RUNS) {
      const sb = sandboxes.get(run.scenario)!;
      const home = tempDir();
      const kubeconfigPath = join(home, 'sandbox.kubeconfig');
      await sb.writeKubeconfig(kubeconfigPath);
      const env: TraceEnvironment = { env: {}, homeDir: home, sandbox: { kubeconfigPath, server: sb.url, scenario: sb.scenario, reason: 'flag' }, toolVersion: '0.0.0-test' };
      const { report } = await runAll(getCommand({ sandbox: true, requestTimeoutMs: 0, ...run.command }), env);
      reports.set(run.label, report);
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

  for (const run of RUNS) {
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

  it('the resourceVersion myth names a pod of this run with its resourceVersion beside the list\'s', () => {
    for (const label of ['default', 'many', '-A']) {
      const report = reports.get(label)!;
      const etcd = stageData(report, 'etcd')!;
      const item = etcd.items[0]!;
      const text = mythText(resolveLesson(lessons.etcd, { data: etcd, versions: runVersions(report) }), /resourceVersion counts/);
      assert.ok(text.includes(`In this run pod ${item.name} has resourceVersion ${item.resourceVersion}, and the list was read at ${etcd.listResourceVersion}.`), `${label}: ${text}`);
    }
  });

  it('the AGE myth shows a pod\'s creationTimestamp, the response\'s Date and the AGE the server printed', () => {
    for (const label of ['default', 'crashloop', '-o wide']) {
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
    const json = reports.get('-o json')!;
    const text = mythText(resolveLesson(lessons.format, { data: stageData(json, 'format'), versions: runVersions(json) }), /AGE is computed on your machine/);
    assert.doesNotMatch(text, /In this run/);
  });

  it('sandbox-only facts come from the run: the storage backend and the read the sandbox did', () => {
    const report = reports.get('default')!;
    const etcd = stageData(report, 'etcd')!;
    assert.ok(etcd.insideApiServer);
    const lesson = resolveLesson(lessons.etcd, { data: etcd, versions: runVersions(report) });
    assert.match(sectionText(lesson, /never talks to etcd/), new RegExp(`keeps its objects in ${etcd.insideApiServer.backend} storage`));
    const read = sectionText(lesson, /This run's read/);
    assert.ok(read.includes(`at revision ${etcd.insideApiServer.revision}, served from ${etcd.insideApiServer.servedFrom}`), read);
    assert.ok(read.includes(`page 1: ${etcd.pages[0]!.expectedRead!.why}`), read);
    // A port is only ever the run's: no lesson text outside a captured example names one.
    const all = STAGE_NAMES.map((s) => resolveLesson(lessons[s], { data: stageData(report, s), versions: runVersions(report) }));
    for (const l of all) for (const sec of l.sections) assert.doesNotMatch(blocksText(sec.blocks.filter((b) => !(b.kind === 'group' && b.origin === 'captured'))), /\b2379\b|\b6443\b/);
  });

  it('the authorization lesson says who decided: the privileged group for system:masters, RBAC otherwise', () => {
    const admin = reports.get('default')!;
    const viewer = reports.get('--context sandbox-viewer')!;
    const forbidden = reports.get('forbidden')!;
    const text = (r: TraceReport) => sectionText(resolveLesson(lessons.authz, { data: stageData(r, 'authz'), versions: runVersions(r) }), /^Authorization$/);
    assert.match(text(admin), /You are in system:masters: the privileged-group authorizer allowed this request, and RBAC was never asked\./);
    assert.doesNotMatch(text(admin), /The SelfSubjectAccessReview says/);
    assert.match(text(viewer), /The SelfSubjectAccessReview says: RBAC: allowed by RoleBinding "viewer-pod-reader\/default"/);
    assert.doesNotMatch(text(viewer), /You are in system:masters/);
    assert.match(text(forbidden), /The server refused: pods is forbidden: User "nobody" cannot list/);
  });

  it('the request lesson shows the Accept header that was sent, whatever the output', () => {
    for (const label of ['default', '-o json', '-o wide']) {
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
