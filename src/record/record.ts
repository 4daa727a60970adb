// `get … --record FILE`: one run, as a recording (src/recording/format.ts, docs/recording.md). The
// step results and every exchange (with its whole response body) are masked here, before anything is
// written, and the file is written to a temporary name and renamed: never half a recording.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { GetCommand, TraceEnvironment } from '../trace/command.js';
import type { LiveTrace } from '../trace/engine.js';
import type { TraceReport } from '../trace/types.js';
import { FORMAT_VERSION, RECORDING_KIND, seal, type Recording, type RecordedExchange } from '../recording/format.js';
import { Masker } from '../recording/mask.js';
import { kubeconfigFiles, kubeconfigSecrets } from './kubeconfig-secrets.js';

export interface RecordInput {
  cmd: GetCommand;
  env: TraceEnvironment;
  live: Pick<LiveTrace, 'steps' | 'bodies' | 'secretValues'>;
  report: TraceReport;
  /** The lessons the run was shown with: a digest of their content and the --lessons folder. */
  lessons: { sha256: string; dir: string | null };
  now: Date;
}

const PREVIEW_BYTES = 4096;

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

const NOTE =
  'Masked before writing: credential headers (Authorization, Proxy-Authorization, Cookie, Set-Cookie), URL passwords, ' +
  "Secret objects' data values, credential fields (token, password, client keys, OIDC tokens and secrets), and every " +
  'credential of the kubeconfig and connection this run used wherever it appeared (raw, base64, hex). Each place is listed below.';

/** The recording of one finished run, masked. */
export function buildRecording(input: RecordInput): Recording {
  const { cmd, env, live, report } = input;
  const files = kubeconfigFiles(cmd.kubeconfig, env.env, env.homeDir);
  const masker = new Masker([...live.secretValues(), ...kubeconfigSecrets(files)]);

  // Whole bodies first: a preview of a body that needed masking is cut from the masked body.
  const previews = new Map<number, string>();
  const exchanges: RecordedExchange[] = (report.exchanges ?? []).map((ex, i) => {
    const raw = live.bodies().get(ex.id);
    let responseBody: RecordedExchange['responseBody'] = null;
    if (raw !== undefined) {
      const path = `exchanges[${i}].responseBody.text`;
      const bytes = Buffer.from(raw, 'utf8');
      if (isUtf8(bytes)) {
        const text = masker.body(raw, path);
        if (text !== raw) previews.set(ex.id, Buffer.byteLength(text) > PREVIEW_BYTES ? `${Buffer.from(text).subarray(0, PREVIEW_BYTES).toString('utf8')}…` : text);
        responseBody = { encoding: 'utf8', text };
      } else responseBody = { encoding: 'base64', text: bytes.toString('base64') };
    }
    return { exchange: ex as unknown as RecordedExchange['exchange'], responseBody };
  });
  const withPreviews = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(withPreviews);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = withPreviews(x);
    const preview = typeof o['id'] === 'number' && typeof o['bodyPreview'] === 'string' ? previews.get(o['id']) : undefined;
    if (preview !== undefined) out['bodyPreview'] = preview;
    return out;
  };

  const maskedExchanges = exchanges.map((e, i) => ({
    exchange: masker.value(withPreviews(e.exchange), `exchanges[${i}].exchange`) as RecordedExchange['exchange'],
    responseBody: e.responseBody,
  }));
  const steps = masker.value(withPreviews(live.steps()), 'steps') as Record<string, unknown>;
  const command = masker.value(cmd, 'command') as Recording['command'];
  const versions = report.versions;
  return seal({
    kind: RECORDING_KIND,
    formatVersion: FORMAT_VERSION,
    recordedAt: input.now.toISOString(),
    tool: { name: 'kube-trace', version: env.toolVersion },
    lessons: input.lessons,
    kubectl: { gitVersion: versions?.kubectl.gitVersion ?? null, how: versions?.kubectl.how ?? null },
    server: {
      url: report.target.server === null ? null : masker.text(report.target.server, 'server.url'),
      gitVersion: versions?.server.info?.gitVersion ?? null,
      kind: report.target.kind,
      context: report.target.context,
    },
    command,
    sandbox: env.sandbox === null ? null : (masker.value(env.sandbox, 'sandbox') as Recording['sandbox']),
    kubectlInstall: env.kubectl === undefined ? null : (masker.value(env.kubectl, 'kubectlInstall') as Recording['kubectlInstall']),
    steps,
    durations: Object.fromEntries(report.stages.map((s) => [s.name, s.durationMs])),
    exchanges: maskedExchanges,
    masking: { note: NOTE, masked: dedupe(masker.masked) },
  });
}

function dedupe<T extends { path: string; what: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((m) => {
    const k = `${m.path}\u0000${m.what}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename: a reader sees the
 * old file or the whole new one, never a part. Errors name the path.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { mode, flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

export async function writeRecording(path: string, rec: Recording): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(rec, null, 1) + '\n');
}
