// Fuzzing the lesson validator: the built-in lessons, each broken in seeded ways (a field removed, a
// value of the wrong type, junk text, YAML syntax damage). Every broken file is rejected, and every
// issue names the file and the field (a schema error) or the line (a YAML syntax error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { builtinLessonsDir, formatLessonIssues } from '../../src/lessons/index.js';
import { validateLessonText } from '../../src/lessons/schema.js';
import { STAGE_NAMES } from '../../src/trace/types.js';
import { gen, type Gen } from './generators.js';

const SEED = 31_1128;
const INPUTS = 2_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in the document, e.g. ["myths", 0, "claim"]. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function mutate(doc: Json, g: Gen): { doc: Json; what: string } {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const path = g.pick(all);
  let parent: Json = copy;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[k] as Json;
  const key = path[path.length - 1] as string | number;
  const holder = parent as Record<string | number, Json>;
  const r = g.int(7);
  const junk: Json[] = [null, 42, true, [], {}, '', g.junk(12), ['x'], { x: 1 }];
  if (r === 0 && !Array.isArray(parent)) delete holder[key];
  else if (r === 1) holder[key] = g.pick(junk);
  else if (r === 2) holder[key] = 'x'.repeat(2000); // too long for the screen
  else if (r === 3 && !Array.isArray(parent)) holder[`${String(key)}_typo`] = holder[key] as Json;
  else if (r === 4) holder[key] = g.junk(40);
  else holder[key] = g.pick(junk);
  return { doc: copy, what: `${r} at ${path.join('.')}` };
}

const unnamed = new Set<string>();
let ran = false;

test(`lessons: ${INPUTS} seeded broken lesson files are rejected, each issue naming the file and the field or line`, () => {
  run();
});

function run(): void {
  if (ran) return;
  ran = true;
  const dir = builtinLessonsDir();
  const sources = STAGE_NAMES.map((stage) => ({ stage, text: readFileSync(join(dir, `${stage}.yaml`), 'utf8') }));
  for (const s of sources) assert.deepEqual(validateLessonText(s.text, `${s.stage}.yaml`, s.stage).issues, [], `${s.stage}.yaml is valid to start with`);
  const g = gen(SEED);
  let rejected = 0;
  for (let i = 0; i < INPUTS; i++) {
    const { stage, text } = g.pick(sources);
    const file = `/lessons-under-test/${stage}-${i}.yaml`;
    let broken: string;
    let what: string;
    if (g.chance(0.15)) {
      // Damage the text itself.
      const at = g.int(text.length);
      broken = g.pick([text.slice(0, at), `${text.slice(0, at)}\t${text.slice(at)}`, `${text.slice(0, at)}: [${text.slice(at)}`, g.junk(300)]);
      what = `text damage at ${at}`;
    } else {
      ({ doc: broken, what } = ((m) => ({ doc: stringify(m.doc), what: m.what }))(mutate(parse(text) as Json, g)));
    }
    const where = `seed ${SEED} input #${i} (${stage}, ${what})`;
    let result: ReturnType<typeof validateLessonText>;
    try {
      result = validateLessonText(broken, file, stage);
    } catch (e) {
      assert.fail(`${where}: the validator threw ${e instanceof Error ? e.stack : String(e)}`);
    }
    if (result.lesson !== null) continue; // some mutations are harmless (e.g. an extra character in a body)
    rejected++;
    assert.ok(result.issues.length > 0, `${where}: rejected without an issue`);
    for (const issue of result.issues) {
      assert.equal(issue.file, file, where);
      if (issue.field.trim().length === 0) {
        // Only the whole document may go unnamed; reported separately below.
        unnamed.add(issue.message);
        assert.equal(issue.line, 1, `${where}: an issue deep in the file names no field: ${issue.message}`);
      }
      if (issue.field === '(yaml)') assert.ok(issue.line !== null && issue.line > 0, `${where}: a syntax error without a line`);
      assert.ok(issue.message.trim().length > 0, where);
      assert.doesNotMatch(issue.message, /\bundefined\b|\[object \w+\]|\n\s+at /, `${where}: ${issue.message}`);
    }
    const printed = formatLessonIssues(result.issues);
    assert.ok(printed.includes(`${stage}-${i}.yaml`), `${where}: the printed issues do not name the file`);
  }
  assert.ok(rejected > INPUTS / 2, `only ${rejected} of ${INPUTS} broken files were rejected`);
  // eslint-disable-next-line no-console
  console.log(`# fuzz lessons: ${INPUTS} broken lesson files, ${rejected} rejected with file and field`);
}

test('a lesson file that is not a mapping names the whole file as its field', () => {
  run();
  assert.deepEqual([...unnamed], []);
});

test('lessons: 600 seeded lessons with live sentences, version scopes and markup are validated or resolved, never crash', async () => {
  const { resolveLesson, stageFields } = await import('../../src/lessons/index.js');
  const { lessonTextPages } = await import('../../src/lessons/index.js');
  const { lineText } = await import('../../src/text/index.js');
  const dir = builtinLessonsDir();
  const g = gen(SEED + 1);
  const ranges = ['>=1.31', '<1.30', '>=1.28 <1.31', '1.33', 'since 1.31', '*', '>=1.34 <1.31', g.junk(6)];
  const helpers = ['', ' | count', ' | join', ' | ms', ' | bytes', ' | time', ' | shout'];
  let accepted = 0;
  for (let i = 0; i < 600; i++) {
    const stage = g.pick(STAGE_NAMES);
    const doc = parse(readFileSync(join(dir, `${stage}.yaml`), 'utf8')) as { body: Record<string, unknown>[]; myths: Record<string, unknown>[] };
    const fields = [...stageFields(stage).keys()];
    const template = (): string => {
      const path = g.pick(fields).replace(/\./g, () => (g.chance(0.3) ? `.${g.int(3)}.` : '.'));
      return `In this run {{${g.chance(0.9) ? path : g.junk(8)}${g.pick(helpers)}}}.`;
    };
    const target = g.chance(0.5) ? g.pick(doc.body) : g.pick(doc.myths);
    if (target === undefined) continue;
    if (g.chance(0.6)) target['here'] = g.chance(0.5) ? template() : [template(), template()];
    if (g.chance(0.4)) target['applies_to'] = g.chance(0.8) ? { [g.pick(['server', 'kubectl', 'apiserver'])]: g.pick(ranges) } : g.pick(ranges);
    if (g.chance(0.4)) {
      const key = 'text' in target ? 'text' : 'reality';
      target[key] = `${String(target[key])}\n\n::: ${g.pick(['server', 'kubectl', 'captured', 'note'])} ${g.pick([...ranges, 'v1.28.7'])}\n${g.junk(30)}\n${g.chance(0.8) ? ':::' : ''}\n`;
    }
    const file = `/lessons-under-test/${stage}-new-${i}.yaml`;
    const where = `seed ${SEED + 1} input #${i} (${stage})`;
    const result = validateLessonText(stringify(doc), file, stage);
    for (const issue of result.issues) {
      assert.equal(issue.file, file, where);
      assert.ok(issue.field.trim().length > 0 && issue.line !== null, `${where}: ${JSON.stringify(issue)}`);
      assert.doesNotMatch(issue.message, /\bundefined\b|\[object \w+\]/, `${where}: ${issue.message}`);
    }
    if (result.lesson === null) continue;
    accepted++;
    const data: unknown = g.chance(0.5) ? null : JSON.parse(JSON.stringify({ items: [{ name: 'x', resourceVersion: '1' }], listResourceVersion: g.pick(['5', null, '']), status: 200, headers: [] }));
    const resolved = resolveLesson(result.lesson, { data: data as never, versions: g.chance(0.5) ? {} : { server: g.pick(['v1.28.7', 'v1.33.3']), kubectl: 'v1.29.0' } });
    for (const page of lessonTextPages(resolved, { width: 40 + g.int(80), height: 3 + g.int(20) })) {
      for (const line of page.lines) assert.doesNotMatch(lineText(line), /\bundefined\b|\[object |\bNaN\b/, where);
    }
  }
  assert.ok(accepted > 60, `only ${accepted} accepted`);
});
