// The seven built-in lessons: they load, they validate, they have the required content, and every
// piece of evidence they cite is found, verbatim, in the real-apiserver fixtures.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  BODY_TEXT_MAX_LINES,
  BODY_TEXT_WIDTH,
  builtinLessonsDir,
  checkEvidence,
  checkLessonsDir,
  evidenceEntries,
  loadLessons,
  lookAtFields,
  wrappedLineCount,
} from '../../src/lessons/index.js';
import { STAGE_NAMES as STAGE_NAMES } from '../../src/trace/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.join(root, 'test/fixtures');

describe('built-in lessons', () => {
  it('are found in the package root lessons/ folder', () => {
    assert.equal(builtinLessonsDir(), path.join(root, 'lessons'));
    for (const stage of STAGE_NAMES) assert.ok(existsSync(path.join(builtinLessonsDir(), `${stage}.yaml`)), `${stage}.yaml`);
  });

  it('pass checkLessonsDir with no issues', async () => {
    assert.deepEqual(await checkLessonsDir(builtinLessonsDir()), []);
  });

  it('load as one lesson per stage, each from its own file', async () => {
    const lessons = await loadLessons();
    assert.deepEqual(Object.keys(lessons).sort(), [...STAGE_NAMES].sort());
    for (const stage of STAGE_NAMES) {
      assert.equal(lessons[stage].stage, stage);
      assert.equal(lessons[stage].file, path.join(builtinLessonsDir(), `${stage}.yaml`));
    }
  });

  it('each have a title, a summary, body sections, pointers, myths, sources and something to try', async () => {
    const lessons = await loadLessons();
    for (const stage of STAGE_NAMES) {
      const l = lessons[stage];
      assert.ok(l.title.length > 0 && l.summary.length > 40, `${stage}: title and summary`);
      assert.ok(l.body.length >= 3, `${stage}: at least three body sections`);
      assert.ok(l.look_at.length >= 3, `${stage}: at least three look_at pointers`);
      assert.ok(l.myths.length >= 2, `${stage}: at least two myths`);
      assert.ok(l.sources.length >= 3, `${stage}: at least three sources`);
      assert.ok(l.try.length >= 1 && l.try.length <= 2, `${stage}: one or two things to try`);
    }
  });

  it('have body sections that fit one 80×24 screen', async () => {
    const lessons = await loadLessons();
    for (const stage of STAGE_NAMES) {
      for (const section of lessons[stage].body) {
        const n = wrappedLineCount(section.text, BODY_TEXT_WIDTH);
        assert.ok(n <= BODY_TEXT_MAX_LINES, `${stage} "${section.heading}": ${n} lines`);
      }
    }
  });

  it('point only at fields that exist in their stage data', async () => {
    const lessons = await loadLessons();
    for (const stage of STAGE_NAMES) {
      for (const { field } of lessons[stage].look_at) assert.ok(lookAtFields(stage).has(field), `${stage}: ${field}`);
    }
  });

  it('name Kubernetes sources by repository and path', async () => {
    const lessons = await loadLessons();
    const all = STAGE_NAMES.flatMap((s) => lessons[s].sources);
    for (const s of all) {
      assert.match(s.repo, /^(kubernetes\/[a-z-]+|kubernetes\.io)$/, `${s.repo} ${s.path}`);
      if (s.repo === 'kubernetes.io') assert.match(s.path, /^\/docs\//);
      else assert.doesNotMatch(s.path, /^\/|^https?:/);
    }
    assert.ok(all.some((s) => s.path === 'staging/src/k8s.io/kubectl/pkg/cmd/get/get.go'));
    assert.ok(all.some((s) => s.path === 'staging/src/k8s.io/apiserver/pkg/server/config.go'));
  });
});

describe('evidence in the built-in lessons', () => {
  it('is found verbatim in the fixtures it names, for every entry', async () => {
    const lessons = await loadLessons();
    let entries = 0;
    for (const stage of STAGE_NAMES) {
      entries += evidenceEntries(lessons[stage]).length;
      const problems = await checkEvidence(lessons[stage], fixturesDir);
      assert.deepEqual(
        problems.map((p) => `${stage}.yaml ${p.field}: ${p.problem} ${p.evidence.fixture} ${JSON.stringify(p.evidence.contains)}`),
        [],
      );
    }
    assert.ok(entries >= 50, `only ${entries} evidence entries`);
  });

  it('names only fixtures copied into the project, each from a folder whose README says where it came from', async () => {
    // real-apiserver*: captures of real kube-apiservers; kubectl-local: real kubectl builds run on this
    // machine (capture.sh); upstream: Kubernetes' own source and docs, by repository, path and commit.
    const origins = ['real-apiserver', 'real-apiserver-v1.33', 'kubectl-local', 'upstream'];
    const lessons = await loadLessons();
    for (const stage of STAGE_NAMES) {
      for (const { evidence } of evidenceEntries(lessons[stage])) {
        const top = evidence.fixture.split('/')[0] ?? '';
        assert.ok(origins.includes(top), `${stage}: ${evidence.fixture} is not under ${origins.join(', ')}`);
        assert.ok(existsSync(path.join(fixturesDir, top, 'README.md')), `${top}/README.md`);
        assert.ok(existsSync(path.join(fixturesDir, evidence.fixture)), evidence.fixture);
      }
    }
  });

  it('covers the myths the issue asks for', async () => {
    const lessons = await loadLessons();
    const claims = STAGE_NAMES.flatMap((s) => lessons[s].myths.map((m) => `${s}: ${m.claim}`));
    const expected: [string, RegExp][] = [
      ['request', /GET \/api\/v1\/pods/],
      ['response', /No pods → 404/],
      ['format', /kubectl formats the table/],
      ['etcd', /kubectl asks etcd/],
      ['etcd', /API server always reads etcd/],
      ['authz', /No credentials → 401/],
      ['authz', /RBAC is the only check/],
      ['request', /kubectl knows where pods live/],
    ];
    for (const [stage, claim] of expected) {
      assert.ok(claims.some((c) => c.startsWith(`${stage}: `) && claim.test(c)), `${stage}: ${claim}`);
    }
  });

  it('fails when a cited text is not in its fixture', async () => {
    const lessons = await loadLessons();
    const lesson = structuredClone(lessons.response);
    const first = lesson.myths[0]?.evidence[0];
    assert.ok(first);
    first.contains = 'HTTP/2 404 (this text is not in the capture)';
    const problems = await checkEvidence(lesson, fixturesDir);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.field, 'myths[0].evidence[0]');
    assert.equal(problems[0]?.problem, 'text-not-found');
  });

  it('fails when a cited fixture does not exist', async () => {
    const lessons = await loadLessons();
    const lesson = structuredClone(lessons.etcd);
    const first = lesson.myths[0]?.evidence[0];
    assert.ok(first);
    first.fixture = 'real-apiserver/etcd/no-such-file.txt';
    const problems = await checkEvidence(lesson, fixturesDir);
    assert.deepEqual(problems.map((p) => p.problem), ['fixture-missing']);
  });
});
