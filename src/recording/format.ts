// The recording file (docs/recording.md): one JSON document per `kube-trace get … --record FILE`.
// This module is below the engine and the sandbox: both read it (the replay feeds `steps` back through
// the engine's projections; `sandbox --from-recording` serves `exchanges`), so it names the shapes it
// needs structurally and treats the engine's own values (the command, the step results) as opaque JSON.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';

/** The version of this file format. A reader refuses a newer one (it cannot know what changed). */
export const FORMAT_VERSION = 1;
export const RECORDING_KIND = 'KubeTraceRecording';

/** What a masked value is replaced by, everywhere in a recording. */
export const MASK = '<masked>';

const nameValue = z.object({ name: z.string(), value: z.string() });

/** One HTTP exchange as the run recorded it (the engine's HttpExchange, of which these fields are read here). */
const exchange = z.looseObject({
  id: z.number(),
  by: z.string(),
  purpose: z.string(),
  method: z.string(),
  url: z.string(),
  requestHeaders: z.array(nameValue),
  requestBody: z.optional(z.string()),
  status: z.nullable(z.number()),
  statusText: z.string(),
  httpVersion: z.string(),
  responseHeaders: z.array(nameValue),
  bodyBytes: z.number(),
  bodyPreview: z.string(),
  timings: z.looseObject({}),
});

const body = z.object({ encoding: z.enum(['utf8', 'base64']), text: z.string() });

const recordedExchange = z.object({
  exchange,
  /** The whole response body (masked); null when none arrived. */
  responseBody: z.nullable(body),
});

const masked = z.object({
  /** Where a value was masked (a JSON path into this file) and what it was. */
  path: z.string(),
  what: z.string(),
});

const recordingSchema = z.object({
  kind: z.literal(RECORDING_KIND),
  formatVersion: z.literal(FORMAT_VERSION),
  recordedAt: z.string(),
  tool: z.object({ name: z.literal('kube-trace'), version: z.string() }),
  lessons: z.object({ sha256: z.string(), dir: z.nullable(z.string()) }),
  kubectl: z.object({ gitVersion: z.nullable(z.string()), how: z.nullable(z.string()) }),
  server: z.object({ url: z.nullable(z.string()), gitVersion: z.nullable(z.string()), kind: z.enum(['sandbox', 'cluster']), context: z.nullable(z.string()) }),
  /** The parsed `get` command (the engine's GetCommand). */
  command: z.looseObject({ argv: z.array(z.string()), verb: z.literal('get') }),
  /** The sandbox the run was pointed at (the engine's SandboxTarget), or null. */
  sandbox: z.nullable(z.looseObject({ server: z.string(), scenario: z.string() })),
  /** The learner's kubectl as detected (the engine's KubectlInstall), or null. */
  kubectlInstall: z.nullable(z.looseObject({})),
  /** Every step's output (the engine's StepResults), masked. */
  steps: z.record(z.string(), z.unknown()),
  durations: z.record(z.string(), z.number()),
  exchanges: z.array(recordedExchange),
  masking: z.object({ note: z.string(), masked: z.array(masked) }),
  /** sha256 of this document without this field (JSON.stringify, in this key order): an edit is refused. */
  integrity: z.string(),
});

export type Recording = z.infer<typeof recordingSchema>;
export type RecordedExchange = Recording['exchanges'][number];
export type RecordedBody = z.infer<typeof body>;
export type MaskedValue = z.infer<typeof masked>;

/** A recording that cannot be used: the message names the file and what is wrong. */
export class RecordingError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** The integrity value of a recording's other fields, as written (sha256 of their JSON). */
export function integrityOf(rec: Omit<Recording, 'integrity'> & { integrity?: string }): string {
  const { integrity: _ignored, ...rest } = rec;
  return `sha256:${createHash('sha256').update(JSON.stringify(rest)).digest('hex')}`;
}

/** Seals a recording: its integrity field computed over everything else. */
export function seal(rec: Omit<Recording, 'integrity'>): Recording {
  return { ...rec, integrity: integrityOf(rec) };
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${path === '' ? 'the document' : path.slice(path.startsWith('.') ? 1 : 0)}: ${issue.message}`;
}

/** Reads a recording's text; throws RecordingError naming `file` and the problem. */
export function parseRecording(text: string, file: string): Recording {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RecordingError(file, `not a complete JSON document (${why}); was it truncated? Record it again with kube-trace get … --record ${file}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || (doc as Record<string, unknown>)['kind'] !== RECORDING_KIND) {
    throw new RecordingError(file, `not a kube-trace recording (no "kind": "${RECORDING_KIND}")`);
  }
  const version = (doc as Record<string, unknown>)['formatVersion'];
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new RecordingError(file, `formatVersion ${version} is newer than this kube-trace reads (${FORMAT_VERSION}): upgrade kube-trace to replay it`);
  }
  if (version !== FORMAT_VERSION) throw new RecordingError(file, `formatVersion ${JSON.stringify(version)} is not one this kube-trace reads (${FORMAT_VERSION})`);
  const parsed = z.safeParse(recordingSchema, doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map(describeIssue).join('; ');
    throw new RecordingError(file, `not a valid recording: ${issues}`);
  }
  // The document itself, not zod's copy: that one orders keys by the schema, and a replay must hand
  // the engine its values exactly as recorded (the integrity is computed over them in this order too).
  const rec = doc as Recording;
  if (parsed.data.integrity !== integrityOf(rec)) {
    throw new RecordingError(file, 'the file was changed after it was recorded (its integrity sha256 does not match); record it again rather than editing it');
  }
  return rec;
}

/** A recorded body as bytes. */
export function bodyBytes(b: RecordedBody): Buffer {
  return b.encoding === 'base64' ? Buffer.from(b.text, 'base64') : Buffer.from(b.text, 'utf8');
}
