// An instructor's lesson files: each mistake is reported with the file, the field and the line, and a
// --lessons DIR replaces exactly the stages it has files for.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { builtinLessonsDir, checkLessonsDir, formatLessonIssues, LessonError, loadLessons } from '../../src/lessons/index.js';
import type { LessonIssue } from '../../src/lessons/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-trace-lessons-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

// A small, valid lesson; the line numbers below refer to it.
const MINIMAL = `title: Who may list pods
summary: The API server checks who you are, then whether you may list pods.
body:
  - heading: Two questions
    text: Authentication first, then authorization.
look_at:
  - field: outcome.status
    note: 403 means authorization said no
myths:
  - claim: No credentials → 401.
    reality: Anonymous requests get 403.
    evidence:
      - fixture: real-apiserver/http/pods-default-no-credentials.http
        contains: HTTP/2 403
sources:
  - repo: kubernetes/kubernetes
    path: staging/src/k8s.io/apiserver/pkg/server/config.go
try:
  - command: kubectl auth can-i list pods
    note: ask the same question yourself
`;

async function issuesFor(name: string, text: string): Promise<LessonIssue[]> {
  return checkLessonsDir(dirWith({ [name]: text }));
}

function only(issues: LessonIssue[]): LessonIssue {
  assert.equal(issues.length, 1, formatLessonIssues(issues));
  const issue = issues[0];
  assert.ok(issue);
  return issue;
}

describe('checkLessonsDir', () => {
  it('accepts a minimal valid lesson', async () => {
    assert.deepEqual(await issuesFor('authz.yaml', MINIMAL), []);
  });

  it('accepts the minimal custom lesson shown in lessons/README.md', async () => {
    const readme = readFileSync(path.join(builtinLessonsDir(), 'README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'README has a yaml example');
    assert.deepEqual(await issuesFor('authz.yaml', example), []);
  });

  it('reports a missing field with the line of its parent', async () => {
    const text = MINIMAL.replace('    note: 403 means authorization said no\n', '');
    const issue = only(await issuesFor('authz.yaml', text));
    assert.match(issue.file, /authz\.yaml$/);
    assert.equal(issue.field, 'look_at[0].note');
    assert.equal(issue.line, 7);
    assert.equal(issue.message, 'is required');
  });

  it('reports a missing top-level field', async () => {
    const text = MINIMAL.replace(/^try:[\s\S]*$/m, '');
    const issue = only(await issuesFor('authz.yaml', text));
    assert.equal(issue.field, 'try');
    assert.equal(issue.line, 1);
  });

  it('reports a wrong type with the line of the value', async () => {
    const text = MINIMAL.replace(
      '    evidence:\n      - fixture: real-apiserver/http/pods-default-no-credentials.http\n        contains: HTTP/2 403\n',
      '    evidence: real-apiserver/http/pods-default-no-credentials.http\n',
    );
    const issue = only(await issuesFor('authz.yaml', text));
    assert.equal(issue.field, 'myths[0].evidence');
    assert.equal(issue.line, 12);
    assert.equal(issue.message, 'must be a list');
    assert.match(formatLessonIssues([issue]), /authz\.yaml:12: myths\[0\]\.evidence: must be a list$/);
  });

  it('reports a number where a string belongs', async () => {
    const issue = only(await issuesFor('authz.yaml', MINIMAL.replace('title: Who may list pods', 'title: 42')));
    assert.equal(issue.field, 'title');
    assert.equal(issue.line, 1);
    assert.equal(issue.message, 'must be a string, got a number');
  });

  it('reports an unknown key at its own line', async () => {
    const text = MINIMAL.replace('    reality: Anonymous requests get 403.\n', '    reality: Anonymous requests get 403.\n    realty: typo\n');
    const issue = only(await issuesFor('authz.yaml', text));
    assert.equal(issue.field, 'myths[0].realty');
    assert.equal(issue.line, 12);
    assert.match(issue.message, /^unknown key "realty"/);
  });

  it('reports a look_at field that is not in the stage data', async () => {
    const issue = only(await issuesFor('authz.yaml', MINIMAL.replace('field: outcome.status', 'field: outcome.code')));
    assert.equal(issue.field, 'look_at[0].field');
    assert.equal(issue.line, 7);
    assert.match(issue.message, /"outcome\.code" is not a field of the authz stage's data; did you mean one of: .*outcome\.status/);
  });

  it('checks look_at fields against the stage the file is named for', async () => {
    // outcome.status exists for authz but not for the response stage.
    const issue = only(await issuesFor('response.yaml', MINIMAL));
    assert.equal(issue.field, 'look_at[0].field');
  });

  it('reports a file whose name is not a stage', async () => {
    const issue = only(await issuesFor('authorization.yaml', MINIMAL));
    assert.match(issue.file, /authorization\.yaml$/);
    assert.equal(issue.line, null);
    assert.equal(issue.field, '(file)');
    assert.match(issue.message, /unknown stage "authorization"/);
  });

  it('reports a YAML syntax error with its line', async () => {
    const text = MINIMAL.replace('  - heading: Two questions', '  - heading: Two questions: who and what');
    const issues = await issuesFor('authz.yaml', text);
    assert.ok(issues.length >= 1);
    assert.equal(issues[0]?.field, '(yaml)');
    assert.equal(issues[0]?.line, 4);
    assert.match(issues[0]?.message ?? '', /^YAML syntax error: /);
  });

  it('reports a myth without evidence', async () => {
    const text = MINIMAL.replace(
      '    evidence:\n      - fixture: real-apiserver/http/pods-default-no-credentials.http\n        contains: HTTP/2 403\n',
      '    evidence: []\n',
    );
    const issue = only(await issuesFor('authz.yaml', text));
    assert.equal(issue.field, 'myths[0].evidence');
    assert.match(issue.message, /at least 1 entry/);
  });

  it('reports a body section too long for one screen', async () => {
    // Fifteen list items: a row each (paragraph lines would be reflowed into two rows).
    const long = Array.from({ length: 15 }, (_, i) => `      - line ${i + 1}`).join('\n');
    const text = MINIMAL.replace('    text: Authentication first, then authorization.', `    text: |\n${long}`);
    const issue = only(await issuesFor('authz.yaml', text));
    assert.equal(issue.field, 'body[0].text');
    assert.match(issue.message, /15 lines at 76 columns; one screen holds 14/);
  });

  it('reports an evidence path that leaves test/fixtures', async () => {
    const issue = only(await issuesFor('authz.yaml', MINIMAL.replace('fixture: real-apiserver/', 'fixture: ../../etc/')));
    assert.equal(issue.field, 'myths[0].evidence[0].fixture');
  });

  it('reports a directory that does not exist', async () => {
    const issue = only(await checkLessonsDir(path.join(os.tmpdir(), 'kube-trace-no-such-dir-4711')));
    assert.equal(issue.field, '(directory)');
    assert.equal(issue.message, 'directory not found');
  });

  it('reports every problem in every file, not only the first', async () => {
    const dir = dirWith({
      'authz.yaml': MINIMAL.replace('title: Who may list pods', 'title: 42').replace('field: outcome.status', 'field: nope'),
      'colour.yaml': MINIMAL,
    });
    const issues = await checkLessonsDir(dir);
    assert.deepEqual(issues.map((i) => i.field).sort(), ['(file)', 'look_at[0].field', 'title']);
  });
});

describe('loadLessons with an override directory', () => {
  it('replaces only the stages the directory has files for', async () => {
    const builtin = await loadLessons();
    const dir = dirWith({ 'authz.yaml': MINIMAL });
    const lessons = await loadLessons(dir);
    assert.equal(lessons.authz.title, 'Who may list pods');
    assert.equal(lessons.authz.file, path.join(dir, 'authz.yaml'));
    for (const stage of ['parse', 'kubeconfig', 'request', 'etcd', 'response', 'format'] as const) {
      assert.deepEqual(lessons[stage], builtin[stage]);
    }
  });

  it('treats null as "no override"', async () => {
    assert.deepEqual(await loadLessons(null), await loadLessons());
  });

  it('throws a LessonError listing the problems of an invalid override', async () => {
    const dir = dirWith({ 'authz.yaml': MINIMAL.replace('field: outcome.status', 'field: outcome.code'), 'extra.yaml': MINIMAL });
    await assert.rejects(loadLessons(dir), (err: unknown) => {
      assert.ok(err instanceof LessonError);
      assert.deepEqual(err.issues.map((i) => i.field).sort(), ['(file)', 'look_at[0].field']);
      assert.match(err.message, /authz\.yaml:7: look_at\[0\]\.field: "outcome\.code" is not a field/);
      return true;
    });
  });

  it('leaves the built-in files untouched', async () => {
    const before = readFileSync(path.join(builtinLessonsDir(), 'authz.yaml'), 'utf8');
    await loadLessons(dirWith({ 'authz.yaml': MINIMAL }));
    assert.equal(readFileSync(path.join(builtinLessonsDir(), 'authz.yaml'), 'utf8'), before);
  });
});

describe('formatLessonIssues', () => {
  it('prints one "file:line: field: message" per issue, without a line when there is none', () => {
    const text = formatLessonIssues([
      { file: 'lessons/authz.yaml', line: 12, field: 'myths[0].evidence', message: 'must be a list' },
      { file: 'lessons/colour.yaml', line: null, field: '(file)', message: 'unknown stage "colour"' },
    ]);
    assert.equal(text, 'lessons/authz.yaml:12: myths[0].evidence: must be a list\nlessons/colour.yaml: (file): unknown stage "colour"');
  });

  it('shows paths under the working directory relative to it', () => {
    const file = path.join(process.cwd(), 'lessons', 'authz.yaml');
    assert.equal(formatLessonIssues([{ file, line: 3, field: 'title', message: 'is required' }]), `${path.join('lessons', 'authz.yaml')}:3: title: is required`);
  });
});
