// `kube-trace lessons --check DIR` on the new lesson syntax: a template that names a field the stage
// does not have, a version range that is not one, markup that would not render as written. Each
// problem names the file, the line and the field.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinLessonsDir, checkLessonsDir, formatLessonIssues, validateLessonText, type LessonIssue } from '../../src/lessons/index.js';
import { runLessonsCheck } from '../../src/cli/lessons-check.js';
import type { StageName } from '../../src/trace/types.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Line numbers below refer to this lesson (line 1 is "title:").
const BASE = `title: Read from storage
summary: Only the API server talks to etcd.
body:
  - heading: The revision
    text: |
      A list's resourceVersion is etcd's revision.

      It is opaque to clients.
    here:
      - 'Read at {{listResourceVersion}}.'
look_at:
  - field: listResourceVersion
    note: the revision
myths:
  - claim: kubectl asks etcd.
    reality: It asks the API server.
    here: 'The list came from {{insideApiServer.servedFrom}}.'
    evidence:
      - fixture: real-apiserver/etcd/endpoint-status.json
        contains: '"Endpoint":"127.0.0.1:2379"'
sources: []
try: []
`;

function issues(text: string, stage: StageName = 'etcd'): LessonIssue[] {
  return validateLessonText(text, `${stage}.yaml`, stage).issues;
}

function only(text: string, stage: StageName = 'etcd'): LessonIssue {
  const all = issues(text, stage);
  assert.equal(all.length, 1, formatLessonIssues(all));
  return all[0] as LessonIssue;
}

function edit(from: string, to: string): string {
  assert.ok(BASE.includes(from), from);
  return BASE.replace(from, to);
}

describe('lessons --check, new syntax', () => {
  it('accepts the base lesson', () => {
    assert.deepEqual(issues(BASE), []);
  });

  it('refuses a here: placeholder that is not a field of the stage, with its line and the field', () => {
    const issue = only(edit("'Read at {{listResourceVersion}}.'", "'Read at {{listRevision}}.'"));
    assert.deepEqual([issue.line, issue.field], [10, 'body[0].here[0]']);
    assert.match(issue.message, /\{\{listRevision\}\}: "listRevision" is not a field of the etcd stage's data; top-level fields: listResourceVersion/);
    assert.match(formatLessonIssues([issue]), /^etcd\.yaml:10: body\[0\]\.here\[0\]: \{\{listRevision\}\}/);
  });

  it('names a single here: string by its own field, without an index', () => {
    const issue = only(edit('{{insideApiServer.servedFrom}}', '{{insideApiServer.servedBy}}'));
    assert.deepEqual([issue.line, issue.field], [17, 'myths[0].here']);
    assert.match(issue.message, /"insideApiServer\.servedBy" is not a field .*fields of insideApiServer: .*servedFrom/);
  });

  it('checks templates against the stage the file is named for', () => {
    // listResourceVersion belongs to etcd, not to the format stage (and look_at says so too).
    const all = issues(BASE, 'format');
    assert.ok(all.some((i) => i.field === 'body[0].here[0]' && /not a field of the format stage/.test(i.message)), formatLessonIssues(all));
  });

  it('refuses a version range that is not one, or a scope that names no version', () => {
    const scoped = (scope: string): string => edit('  - heading: The revision\n', `  - heading: The revision\n    applies_to: ${scope}\n`);
    let issue = only(scoped('{ server: "since 1.31" }'));
    assert.deepEqual([issue.line, issue.field], [5, 'body[0].applies_to.server']);
    assert.match(issue.message, /"since 1\.31" is not a version range/);
    issue = only(scoped('">=1.31"'));
    assert.deepEqual([issue.field, issue.message], ['body[0].applies_to', 'must be a mapping (server, kubectl)']);
    issue = only(scoped('{}'));
    assert.match(issue.message, /names no version: give server, kubectl or both/);
    issue = only(scoped('{ apiserver: ">=1.31" }'));
    assert.deepEqual([issue.field, issue.message], ['body[0].applies_to.apiserver', 'unknown key "apiserver" (allowed: server, kubectl)']);
    assert.deepEqual(issues(scoped('{ server: ">=1.31 <1.34", kubectl: "<1.30" }')), []);
  });

  it('refuses a ::: block it does not know, a bad range or version in one, at the line of the block', () => {
    const block = (open: string): string => edit("      It is opaque to clients.\n", `      It is opaque to clients.\n\n      ${open}\n      Scoped text.\n      :::\n`);
    let issue = only(block('::: server after 1.31'));
    assert.deepEqual([issue.line, issue.field], [10, 'body[0].text']);
    assert.match(issue.message, /::: server: the range "after 1\.31" is not a version range/);
    issue = only(block('::: captured'));
    assert.match(issue.message, /"::: captured" needs the version of the captured cluster/);
    issue = only(block('::: captured last year'));
    assert.match(issue.message, /"last year" is not a version such as v1\.28\.7/);
    issue = only(block('::: note'));
    assert.match(issue.message, /"::: note" is not a block lessons know \(::: server, ::: kubectl, ::: captured\)/);
    assert.deepEqual(issues(block('::: kubectl >=1.30')), []);
  });

  it('refuses markup that would not render as written, at its own line', () => {
    let issue = only(edit("      It is opaque to clients.\n", "      It is opaque to clients.\n      ```\n      {\"rv\": 1}\n"));
    assert.deepEqual([issue.line, issue.field], [9, 'body[0].text']);
    assert.match(issue.message, /``` opens a verbatim block that no ``` line closes/);
    issue = only(edit('      It is opaque to clients.', '      Keys:    /registry/pods/<ns>/<name>'));
    assert.deepEqual([issue.line, issue.message.startsWith('lines text up with runs of spaces')], [8, true]);
    issue = only(edit('reality: It asks the API server.', 'reality: It asks the `API server.'));
    assert.deepEqual([issue.line, issue.field], [16, 'myths[0].reality']);
    assert.match(issue.message, /unmatched `/);
  });

  it('reports an aligned table once, not once per line', () => {
    const table = '      -n NS     the namespace\n      -A        all namespaces\n      -l SEL    a label selector\n';
    const issue = only(edit('      It is opaque to clients.\n', table));
    assert.equal(issue.line, 8);
    assert.match(issue.message, /\(this line and the 2 after it\)$/);
  });

  it('shows a file\'s control characters escaped, never as terminal escapes', () => {
    const issue = only(edit('field: listResourceVersion', 'field: "list\\e[31mRV"'));
    const printed = formatLessonIssues([issue]);
    assert.ok(!printed.includes('\u001b'), printed);
    assert.match(printed, /list\^\[\[31mRV/);
  });
});

describe('kube-trace lessons --check DIR', () => {
  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-trace-check-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }
  function capture(): { out: { write(s: string): boolean }; text(): string } {
    let text = '';
    return { out: { write: (s: string) => ((text += s), true) }, text: () => text };
  }

  it('prints one "file:line: field: problem" per problem and exits 1', async () => {
    const dir = dirWith({ 'etcd.yaml': edit('{{listResourceVersion}}', '{{items.0.nam}}') });
    const stdout = capture();
    const stderr = capture();
    assert.equal(await runLessonsCheck(dir, { stdout: stdout.out, stderr: stderr.out }), 1);
    assert.equal(stdout.text(), '');
    const lines = stderr.text().trimEnd().split('\n');
    assert.match(lines[0] ?? '', /etcd\.yaml:10: body\[0\]\.here\[0\]: \{\{items\.0\.nam\}\}: "items\.nam" is not a field of the etcd stage's data; fields of items: namespace, name, resourceVersion, key$/);
    assert.equal(lines[1], `1 problem in ${dir}`);
  });

  it('says so and exits 0 when every file is valid', async () => {
    const dir = dirWith({ 'etcd.yaml': BASE });
    const stdout = capture();
    const stderr = capture();
    assert.equal(await runLessonsCheck(dir, { stdout: stdout.out, stderr: stderr.out }), 0);
    assert.equal(stdout.text(), `${dir}: all lesson files are valid\n`);
    assert.equal(stderr.text(), '');
  });

  it('passes the built-in lessons, parsed from their text (not from a build)', async () => {
    const dir = dirWith(Object.fromEntries(['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format'].map((s) => [`${s}.yaml`, `${readFileSync(path.join(builtinLessonsDir(), `${s}.yaml`), 'utf8')}\n`])));
    assert.deepEqual(await checkLessonsDir(dir), []);
  });
});

describe('lessons/README.md', () => {
  it('has complete examples ("# <stage>.yaml" first) that are valid lessons for their stage', () => {
    const readme = readFileSync(path.join(builtinLessonsDir(), 'README.md'), 'utf8');
    const complete = [...readme.matchAll(/```yaml\n# (\w+)\.yaml\n([\s\S]*?)```/g)];
    assert.ok(complete.length >= 1, 'a complete example');
    for (const [, stage, text] of complete) assert.deepEqual(issues(text ?? '', stage as StageName), [], `${stage}.yaml in the README`);
  });

  it('has snippets that are valid where they belong in a lesson', () => {
    const readme = readFileSync(path.join(builtinLessonsDir(), 'README.md'), 'utf8');
    const snippets = [...readme.matchAll(/```yaml\n((?:text|myths|body):[\s\S]*?)```/g)].map((m) => m[1] ?? '');
    assert.deepEqual(snippets.map((x) => x.split(':')[0]), ['text', 'myths', 'body']);
    const indent = (text: string, n: number): string => text.replace(/^(?=.)/gm, ' '.repeat(n));
    const evidence = "    evidence:\n      - fixture: real-apiserver/etcd/endpoint-status.json\n        contains: '2379'\n";
    const section = '  - heading: A section\n    text: Some text.\n';
    for (const snippet of snippets) {
      const key = snippet.split(':')[0];
      const body = key === 'body' ? snippet : `body:\n${key === 'text' ? `  - heading: A section\n${indent(snippet, 4)}` : section}`;
      const myths = key === 'myths' ? `${snippet}${evidence}` : 'myths: []\n';
      const text = `title: T\nsummary: S\n${body}look_at: []\n${myths}sources: []\ntry: []\n`;
      assert.deepEqual(issues(text).map((i) => `${i.line}: ${i.field}: ${i.message}`), [], text);
      const lesson = validateLessonText(text, 'etcd.yaml', 'etcd').lesson;
      // The snippet's feature really is in the lesson (the section's table, the myth's here, the scope).
      if (key === 'text') assert.match(lesson?.body[0]?.text ?? '', /::: captured v1\.28\.7/);
      if (key === 'myths') assert.equal(lesson?.myths[0]?.here?.length, 1);
      if (key === 'body') assert.deepEqual(lesson?.body[0]?.applies_to, { server: '>=1.34' });
    }
  });
});
