// `kube-trace replay FILE`: the recorded step results fed back through the engine's projections
// (replayTrace), with the recorded command, sandbox and stage durations. No network, no kubeconfig.
import { readFile } from 'node:fs/promises';
import type { GetCommand, SandboxTarget, TraceEnvironment } from '../trace/command.js';
import { replayTrace } from '../trace/engine.js';
import type { HttpExchange, TraceRun } from '../trace/types.js';
import { parseRecording, RecordingError, type Recording } from '../recording/format.js';

export interface Replay {
  recording: Recording;
  cmd: GetCommand;
  env: TraceEnvironment;
  run: TraceRun;
}

/** Reads and checks a recording file; throws RecordingError naming the file. */
export async function readRecording(path: string): Promise<Recording> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RecordingError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a recording' : `cannot be read (${code ?? String(e)})`);
  }
  return parseRecording(text, path);
}

/** The command and environment a recording was made with (the recorded values, as the engine takes them). */
export function replayInputs(rec: Recording): { cmd: GetCommand; env: TraceEnvironment } {
  // The file was validated and sealed by kube-trace: its command is the GetCommand the run parsed.
  const cmd = rec.command as unknown as GetCommand;
  const env: TraceEnvironment = { env: {}, homeDir: '', sandbox: rec.sandbox as unknown as SandboxTarget | null, toolVersion: rec.tool.version };
  return { cmd, env };
}

/** The recorded run, replayed: the same stages, data and output as when it was recorded. */
export function replayRecording(rec: Recording): Replay {
  const { cmd, env } = replayInputs(rec);
  const run = replayTrace(cmd, env, {
    steps: rec.steps,
    exchanges: rec.exchanges.map((e) => e.exchange as unknown as HttpExchange),
    durations: rec.durations,
  });
  return { recording: rec, cmd, env, run };
}

/** "recorded on 2026-12-02 02:50 UTC against https://127.0.0.1:6443 (kube-apiserver v1.33.3, the sandbox)". */
export function recordedLine(rec: Recording): string {
  const when = rec.recordedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const where = rec.server.url ?? 'a server that was not reached';
  const what = [rec.server.gitVersion ? `kube-apiserver ${rec.server.gitVersion}` : null, rec.server.kind === 'sandbox' ? "kube-trace's sandbox" : rec.server.context ? `context ${rec.server.context}` : null].filter((x) => x !== null);
  const kubectl = rec.kubectl.gitVersion ? `, kubectl ${rec.kubectl.gitVersion}` : '';
  return `recorded on ${when} against ${where}${what.length > 0 ? ` (${what.join(', ')})` : ''} with kube-trace ${rec.tool.version}${kubectl}`;
}
