// The entry point: argv → a command → the trace engine → a presentation (Ink UI, plain text or JSON).
// Heavy modules (Ink/React, the sandbox) are imported only by the modes that need them.

import { loadLessonSet, write } from './io-helpers.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseCli, type CliCommand, type GetPresentation, type UsageError } from './args.js';
import { getHelp, lessonsHelp, mainHelp, replayHelp, sandboxHelp, workshopHelp, writeHelp } from './help.js';
import { TOOL_VERSION } from './version.js';
import { usageErrorReport } from './usage-report.js';
import { isWrite, type SandboxTarget, type TraceCommand, type TraceEnvironment, type WriteCommand } from '../trace/command.js';
import type { SandboxSession } from './sandbox-session.js';
import type { LessonSet } from '../lessons/types.js';
import type { ExportedCredentials } from '../render/curl.js';
import type { AnyStageResult, LiveStageFeed, TraceReport } from '../trace/types.js';
import type { LiveTrace } from '../trace/engine.js';
import { planFor } from '../trace/plan.js';
import { createLiveFeed } from '../trace/live.js';
import { killExecPlugins } from '../kube/exec-plugin-groups.js';
import { exitCodeFor, onStopSignals, type StopSignal } from './signals.js';

export interface Io {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/** kubectl's rule: --kubeconfig, else KUBECONFIG (if set and non-empty), else ~/.kube/config if it exists. */
export function hasKubeconfig(cmd: TraceCommand, env: Record<string, string | undefined>, home: string): boolean {
  if (cmd.kubeconfig) return true;
  if (env['KUBECONFIG'] && env['KUBECONFIG'].trim() !== '') return true;
  return existsSync(join(home, '.kube', 'config'));
}

/** Node types isTTY as always set; a piped stream has none. */
function isTty(s: { isTTY?: boolean }): boolean {
  return s.isTTY === true;
}

function homeDir(env: Record<string, string | undefined>): string {
  return env['HOME'] || homedir();
}


export async function main(io: Io): Promise<number> {
  const sub = io.argv[0];
  const decodeManifest = sub === 'apply' || sub === 'create' ? (await import('../trace/kubectl/manifest.js')).decodeManifest : undefined;
  const cli = parseCli(io.argv, { stdoutIsTTY: isTty(io.stdout), stdinIsTTY: isTty(io.stdin), ...(decodeManifest !== undefined ? { decodeManifest } : {}) });
  return dispatch(cli, io);
}

async function dispatch(cli: CliCommand, io: Io): Promise<number> {
  switch (cli.kind) {
    case 'help': {
      const topic = cli.topic;
      const text = topic === 'apply' || topic === 'create' || topic === 'delete' || topic === 'run' ? writeHelp(topic) : { main: mainHelp, get: getHelp, sandbox: sandboxHelp, lessons: lessonsHelp, replay: replayHelp, workshop: workshopHelp }[topic]();
      await write(io.stdout, text);
      return 0;
    }
    case 'version':
      await write(io.stdout, `kube-trace ${TOOL_VERSION}\n`);
      return 0;
    case 'usage-error':
      return usageError(cli, io);
    case 'lessons-check': {
      const { runLessonsCheck } = await import('./lessons-check.js');
      return runLessonsCheck(cli.dir, io);
    }
    case 'sandbox': {
      const { runSandboxCommand } = await import('./sandbox-command.js');
      return runSandboxCommand(cli.options, io);
    }
    case 'get':
      return runGet(cli.command, cli.presentation, io);
    case 'replay': {
      const { runReplay } = await import('./recording-commands.js');
      return runReplay(cli.options, io);
    }
    case 'sandbox-recording': {
      const { runRecordingSandbox } = await import('./recording-commands.js');
      return runRecordingSandbox(cli.files, cli.options, io);
    }
    case 'workshop': {
      const { runWorkshopCommand } = await import('./workshop-command.js');
      return runWorkshopCommand(cli.options, io);
    }
    case 'write':
      return runGet(cli.command, cli.presentation, io, cli.yes);
  }
}

async function usageError(cli: UsageError, io: Io): Promise<number> {
  if (cli.mode === 'json' && cli.subcommand === 'get') {
    const { renderJson } = await import('../render/json.js');
    await write(io.stdout, renderJson(usageErrorReport(cli), null));
    return 1;
  }
  // kubectl's own refusals of a write's arguments ("error: must specify one of -f and -k"), as kubectl prints them.
  if (!cli.fromFlagParser && (cli.subcommand === 'apply' || cli.subcommand === 'create' || cli.subcommand === 'delete' || cli.subcommand === 'run')) {
    await write(io.stderr, `error: ${cli.message}\n`);
    return 1;
  }
  const sub = cli.subcommand ? ` ${cli.subcommand}` : '';
  await write(io.stderr, `Error: ${cli.message}\nSee 'kube-trace${sub} --help' for usage.\n`);
  return 1;
}

/**
 * --allow-writes on a cluster that is not the sandbox: name it and ask (a terminal), or take --yes.
 * Anything but "y"/"yes" keeps the trace read-only by refusing to run.
 */
async function confirmWrites(cmd: WriteCommand, env: TraceEnvironment, io: Io, yes: boolean): Promise<string | null> {
  const { loadConfig } = await import('../trace/steps/config.js');
  const { SANDBOX_CLUSTER_NAME } = await import('../trace/steps/glass-box.js');
  const { output } = loadConfig(cmd, env);
  if (!output.ok || output.clusterName === SANDBOX_CLUSTER_NAME) return null;
  const where = `cluster "${output.clusterName}" (${output.data.cluster.server}, context "${output.data.currentContext}")`;
  if (yes) {
    await write(io.stderr, `kube-trace: --allow-writes --yes: this ${cmd.verb} changes ${where} for real.\n`);
    return null;
  }
  if (!isTty(io.stdin) || !isTty(io.stderr)) return `kube-trace: --allow-writes would change ${where} for real, and there is no terminal to ask. Add --yes to confirm, or drop --allow-writes to trace it as a dry run (dryRun=All).\n`;
  await write(io.stderr, `kube-trace: ${cmd.verb} on ${where} for real (not a dry run)? [y/N] `);
  const answer = await new Promise<string>((resolve) => {
    io.stdin.setEncoding('utf8');
    io.stdin.once('data', (d) => resolve(String(d)));
    io.stdin.resume();
  });
  io.stdin.pause();
  return /^\s*y(es)?\s*$/i.test(answer) ? null : 'kube-trace: not confirmed; nothing was sent. Without --allow-writes the trace runs as a dry run (dryRun=All).\n';
}

async function runGet(cmd: TraceCommand, presentation: GetPresentation, io: Io, yes = false): Promise<number> {
  const stop: { signal: StopSignal | null } = { signal: null };
  const code = await traceOnce(cmd, presentation, io, yes, stop);
  // A stop signal decides the exit code (128 + n), however the run ended meanwhile: the sandbox closing
  // under the walkthrough can end it first, with the code of a failed request.
  return stop.signal !== null ? exitCodeFor(stop.signal) : code;
}

async function traceOnce(cmd: TraceCommand, presentation: GetPresentation, io: Io, yes: boolean, stop: { signal: StopSignal | null }): Promise<number> {
  const home = homeDir(io.env);
  const lessonSet = await loadLessonSet(cmd.lessonsDir, io.stderr);
  if (typeof lessonSet === 'number') return lessonSet;

  // Ctrl-C or SIGTERM at any point (even while the sandbox starts): stop presenting (the sandbox going
  // away under the trace is not the server's fault), remove the sandbox and its files, exit like a shell.
  let interrupted = false;
  let starting: Promise<SandboxSession> | null = null;
  // get -w: the first Ctrl-C ends the watch, as kubectl's interrupt handler cancels it, and the
  // trace goes on to its report; a second one stops everything.
  const watchStop = cmd.watch !== undefined ? new AbortController() : null;
  const liveFeed = cmd.watch !== undefined ? createLiveFeed() : null;
  const stopListening = onStopSignals((signal) => {
    if (watchStop !== null && signal === 'SIGINT' && !watchStop.signal.aborted) {
      watchStop.abort();
      return;
    }
    interrupted = true;
    stop.signal = signal;
    // Tearing down under a live walkthrough (the sandbox closing its connections) can raise errors no
    // one listens for any more; they must not turn the exit into a crash with code 1.
    const exitLikeAShell = (): never => process.exit(exitCodeFor(signal));
    process.on('uncaughtException', exitLikeAShell);
    process.on('unhandledRejection', exitLikeAShell);
    killExecPlugins();
    const done = (): never => process.exit(exitCodeFor(signal));
    const force = setTimeout(done, 2000);
    force.unref();
    void (starting ?? Promise.resolve(null)).then((s) => s?.close(), () => undefined).finally(done);
  });

  // The engine never starts the sandbox: the CLI does, and hands the engine a kubeconfig for it.
  let sandbox: SandboxSession | null = null;
  let notice: string | null = null;
  const useSandbox = cmd.sandbox || !hasKubeconfig(cmd, io.env, home);
  if (useSandbox) {
    const { startSandboxSession } = await import('./sandbox-session.js');
    const reason: SandboxTarget['reason'] = cmd.sandbox ? 'flag' : 'no-kubeconfig';
    try {
      starting = startSandboxSession(cmd.scenario ?? 'default', reason, cmd.sandboxEtcdEndpoints ?? null, cmd.sandboxServerVersion ?? undefined);
      sandbox = await starting;
    } catch (e) {
      stopListening();
      return sandboxStartFailed(e, io);
    }
    if (reason === 'no-kubeconfig') {
      notice =
        'kube-trace: no kubeconfig found (no --kubeconfig, KUBECONFIG unset, no ~/.kube/config): tracing against the embedded sandbox cluster. ' +
        'To trace a real cluster, pass --kubeconfig FILE or set KUBECONFIG.';
    }
  }

  // --export-credentials: the sandbox's own credentials for the curl line, written before the trace.
  let credentials: ExportedCredentials | null = null;
  if (presentation.exportCredentials !== null) {
    if (sandbox === null) {
      await write(io.stderr, 'kube-trace: --export-credentials writes only the credentials of kube-trace\'s own sandbox; nothing was written. For this cluster, the curl overlay (c) and --plain say which kubeconfig fields the curl line needs and how to extract them.\n');
    } else {
      const { exportSandboxCredentials } = await import('./export-credentials.js');
      try {
        const written = await exportSandboxCredentials(sandbox.target.kubeconfigPath, cmd.context, { dir: presentation.exportCredentials });
        credentials = written;
        await write(io.stderr, `kube-trace: wrote ${written.files.map((f) => f.path.slice(written.dir.length + 1)).join(', ')} into ${written.dir} (0700, files 0600): the curl line of this run uses them while its sandbox runs.\n`);
      } catch (e) {
        await write(io.stderr, `kube-trace: --export-credentials: ${e instanceof Error ? e.message : String(e)}\n`);
        stopListening();
        await sandbox.close();
        return 1;
      }
    }
  }

  // --record and --export: written once the run has finished (src/cli/get-kit.ts).
  const { GetKit } = await import('./get-kit.js');
  const kit = new GetKit(presentation);
  let live: LiveTrace | null = null;
  try {
    const { detectKubectl } = await import('./kubectl-detect.js');
    const kubectl = await detectKubectl(io.env, home, cmd.kubectlVersion ?? null);
    const env: TraceEnvironment = {
      env: io.env, homeDir: home, sandbox: sandbox?.target ?? null, toolVersion: TOOL_VERSION, kubectl,
      ...(watchStop !== null ? { watchSignal: watchStop.signal } : {}),
      ...(liveFeed !== null ? { live: liveFeed } : {}),
    };
    if (isWrite(cmd) && cmd.allowWrites && sandbox === null) {
      const refusal = await confirmWrites(cmd, env, io, yes);
      if (refusal !== null) {
        await write(io.stderr, refusal);
        return 1;
      }
    }
    if (cmd.mode === 'tui') {
      // Ink first: the first frame does not wait for the engine (client-node), loaded on the first step.
      const { runTui } = await import('../ui/run.js');
      const lazyTrace = (async function* (): AsyncGenerator<AnyStageResult, TraceReport, void> {
        const { startTrace } = await import('../trace/engine.js');
        live = startTrace(cmd, env, { keepBodies: kit.record !== null });
        return yield* kit.keep(live.stages);
      })();
      const session = sandbox;
      const code = await runTui({
        run: { plan: planFor(cmd), stages: lazyTrace, ...(liveFeed !== null ? { live: liveFeed } : {}) },
        lessons: lessonSet,
        startStage: cmd.startStage,
        noPause: cmd.noPause,
        notice,
        present: presentation.present,
        argv: cmd.argv,
        sandboxKubeconfig: session?.target.kubeconfigPath ?? null,
        credentials,
        // "e" in the curl overlay: the sandbox's credentials, into the run's own folder (gone at exit).
        ...(session !== null
          ? {
              exportCredentials: async () => {
                const { exportSandboxCredentials, sessionFolder } = await import('./export-credentials.js');
                return exportSandboxCredentials(session.target.kubeconfigPath, cmd.context, { inside: sessionFolder(session.target.kubeconfigPath) });
              },
            }
          : {}),
        // Ctrl-C while the watch is open ends the watch (the trace goes on to its report), as in --plain.
        ...(watchStop !== null
          ? {
              stopWatch: () => {
                const l = liveFeed?.latest();
                if (watchStop.signal.aborted || l?.name !== 'watch' || l.data?.open !== true) return false;
                watchStop.abort();
                return true;
              },
            }
          : {}),
        stdin: io.stdin,
        stdout: io.stdout,
        stderr: io.stderr,
      });
      return (await kit.after(live, cmd, env, lessonSet, io)) ? code : 1;
    }
    const { startTrace } = await import('../trace/engine.js');
    live = startTrace(cmd, env, { keepBodies: kit.record !== null });
    const trace = kit.keep(live.stages);
    if (notice) await write(io.stderr, notice + '\n');
    if (cmd.mode === 'json') {
      const report = await drain(trace, () => undefined);
      const { renderJson } = await import('../render/json.js');
      await write(io.stdout, renderJson(report, lessonSet));
      return (await kit.after(live, cmd, env, lessonSet, io)) ? report.output.exitCode : 1;
    }
    const code = await runPlain(trace, cmd, lessonSet, io, () => interrupted, credentials, liveFeed);
    // 130: interrupted (nothing is written after a Ctrl-C).
    return code === 130 || (await kit.after(live, cmd, env, lessonSet, io)) ? code : 1;
  } finally {
    stopListening();
    // The run is over and its exit code decided: the sandbox failing to close cleanly (a connection
    // that errors as it is torn down) is kube-trace's own affair, and its folder goes at exit anyway.
    await sandbox?.close().catch((e: unknown) => {
      if (io.env['KUBE_TRACE_DEBUG']) void write(io.stderr, `kube-trace: closing the sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    });
  }
}

/** The sandbox could not start (a bad scenario, an unreachable etcd): say so plainly, with the fix. */
async function sandboxStartFailed(e: unknown, io: Io): Promise<number> {
  const message = e instanceof Error ? e.message : String(e);
  const hint = e instanceof Error && 'hint' in e && typeof e.hint === 'string' ? `\n${e.hint}` : '';
  await write(io.stderr, `kube-trace: the sandbox could not start: ${message}${hint}\n`);
  return 1;
}

async function drain(
  trace: AsyncGenerator<AnyStageResult, TraceReport, void>,
  onStage: (r: AnyStageResult) => Promise<void> | void,
): Promise<TraceReport> {
  for (;;) {
    const step = await trace.next();
    if (step.done) return step.value;
    await onStage(step.value);
  }
}

async function runPlain(
  trace: AsyncGenerator<AnyStageResult, TraceReport, void>,
  cmd: TraceCommand,
  lessons: LessonSet,
  io: Io,
  interrupted: () => boolean,
  credentials: ExportedCredentials | null,
  live: LiveStageFeed | null,
): Promise<number> {
  const { renderStage, renderOutput, renderReportHeader, renderWatchEvents } = await import('../render/plain/index.js');
  const { colorEnabled, makePalette } = await import('../render/palette.js');
  const isTTY = isTty(io.stdout);
  const opts = {
    width: Math.max(60, Math.min(isTTY ? io.stdout.columns || 100 : 100, 120)),
    palette: makePalette(colorEnabled(io.env, isTTY)),
    lessons,
    terminal: isTTY,
    credentials,
    plan: planFor(cmd),
    watchEventsShownLive: live !== null,
  };
  await write(io.stdout, renderReportHeader(TOOL_VERSION, cmd.argv, opts));
  // The watch's events, printed the moment each arrives (the stage's own block follows when it ends).
  let shown = 0;
  let pending: Promise<void> = Promise.resolve();
  const unsubscribe = live?.subscribe((r) => {
    if (r.name !== 'watch' || r.data === null || interrupted()) return;
    const out = renderWatchEvents(r.data, shown, opts);
    shown = out.shown;
    if (out.text !== '') pending = pending.then(() => write(io.stdout, out.text));
  });
  const previous: AnyStageResult[] = [];
  const report = await drain(trace, async (r) => {
    await pending;
    if (r.name === 'watch' && r.data !== null) {
      // Events that arrived after the last snapshot was printed (none normally) come before the block.
      const out = renderWatchEvents(r.data, shown, opts);
      shown = out.shown;
      if (out.text !== '' && !interrupted()) await write(io.stdout, out.text + '\n');
      else if (shown > 0 && !interrupted()) await write(io.stdout, '\n');
    }
    const text = renderStage(r, opts, previous);
    previous.push(r);
    return interrupted() ? undefined : write(io.stdout, text + '\n');
  });
  unsubscribe?.();
  if (interrupted()) return 130;
  await write(io.stdout, renderOutput(report.output, opts));
  return report.output.exitCode;
}
