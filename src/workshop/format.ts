// A workshop file (docs/workshop.md): YAML, a title and steps, each a kube-trace run (its arguments,
// and a sandbox scenario or a recording to run it against), a note to read first and, optionally, a
// question answered before the stage that reveals it, checked against one of the run's facts.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod/mini';
import { STAGE_NAMES } from '../trace/types.js';
import { FACTS, type FactName } from './facts.js';

export const WORKSHOP_FORMAT = 1;

const SCENARIOS = ['default', 'captured', 'forbidden', 'empty', 'crashloop', 'many'];
const CONTEXTS = ['sandbox-admin', 'sandbox-viewer', 'sandbox-nobody', 'sandbox-token'];

const nonBlank = z.string().check(z.refine((s) => s.trim() !== '', { error: 'must not be empty' }));

const question = z.strictObject({
  ask: nonBlank,
  /** The stage that reveals the answer: the question is asked before the run reaches it. */
  stage: z.enum(STAGE_NAMES as unknown as [string, ...string[]]),
  answer: z.enum(Object.keys(FACTS) as [FactName, ...FactName[]]),
  /** Said after the answer is checked. */
  explain: z.optional(nonBlank),
});

const step = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and dashes' })),
  title: nonBlank,
  note: nonBlank,
  /** kube-trace's arguments, e.g. [get, pods, -A]. */
  args: z.array(z.string()).check(z.minLength(2, { error: 'must be a kube-trace get command, e.g. [get, pods]' })),
  scenario: z.optional(z.enum(SCENARIOS as [string, ...string[]])),
  /** A recording (kube-trace get … --record FILE) to replay instead; relative to the workshop file. */
  recording: z.optional(nonBlank),
  context: z.optional(z.enum(CONTEXTS as [string, ...string[]])),
  /** The sandbox-token context's token replaced by one the sandbox does not know: the server answers 401. */
  wrongToken: z.optional(z.boolean()),
  question: z.optional(question),
});

const workshop = z.strictObject({
  workshop: z.literal(WORKSHOP_FORMAT),
  title: nonBlank,
  description: z.optional(nonBlank),
  steps: z.array(step).check(z.minLength(1, { error: 'needs at least one step' })),
});

export type Workshop = z.infer<typeof workshop>;
export type WorkshopStep = Workshop['steps'][number];

export class WorkshopError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(file)';
}

/** The problems of a parsed workshop that the schema cannot see: what makes a step unable to run. */
function stepProblems(w: Workshop, baseDir: string, canRun: (args: readonly string[]) => string | null): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  w.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (ids.has(s.id)) out.push(`${at}.id: "${s.id}" is used twice`);
    ids.add(s.id);
    if (s.args[0] !== 'get') out.push(`${at}.args: must start with get (a workshop step is a kube-trace get run)`);
    if (s.scenario !== undefined && s.recording !== undefined) out.push(`${at}: scenario and recording cannot both be given`);
    if (s.recording !== undefined && (s.context !== undefined || s.wrongToken === true)) out.push(`${at}: a recording replays as recorded: context and wrongToken do not apply`);
    if (s.wrongToken === true && s.context !== 'sandbox-token') out.push(`${at}.wrongToken: needs context: sandbox-token (the context that authenticates with a token)`);
    const own = s.args.find((a) => /^--(sandbox|scenario|kubeconfig|context|record|export|plain|json|server-version|sandbox-etcd)(=|$)/.test(a));
    if (own !== undefined) out.push(`${at}.args: ${own} is set by the workshop (use scenario, context or recording)`);
    if (s.recording !== undefined) {
      const file = isAbsolute(s.recording) ? s.recording : resolve(baseDir, s.recording);
      try {
        readFileSync(file);
      } catch {
        out.push(`${at}.recording: ${file} cannot be read`);
      }
    }
    const bad = canRun(s.args);
    if (bad !== null) out.push(`${at}.args: ${bad}`);
  });
  return out;
}

/**
 * Reads a workshop file's text; throws WorkshopError naming the file, each problem's field and line.
 * `canRun` says why a step's arguments would not parse as a `get` (null when they do).
 */
export function parseWorkshop(text: string, file: string, canRun: (args: readonly string[]) => string | null): Workshop {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) throw new WorkshopError(file, doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0] ?? ''}`));
  const parsed = z.safeParse(workshop, doc.toJS());
  if (!parsed.success) {
    throw new WorkshopError(
      file,
      parsed.error.issues.map((i) => {
        // An unknown field is shown at its own line, not at the start of the mapping that holds it.
        const at = i.code === 'unrecognized_keys' && i.keys[0] !== undefined ? [...i.path, i.keys[0]] : i.path;
        const node = doc.getIn(at as (string | number)[], true) as { range?: [number, number] } | undefined;
        const line = node?.range ? `line ${lines.linePos(node.range[0]).line}: ` : '';
        const unknown = i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}` : i.message;
        return `${line}${pathText(i.path)}: ${unknown}`;
      }),
    );
  }
  const problems = stepProblems(parsed.data, dirname(file), canRun);
  if (problems.length > 0) throw new WorkshopError(file, problems);
  return parsed.data;
}
