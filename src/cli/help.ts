// Help texts, generated from the flag tables so that they never drift from what the parser accepts.

import { GET_FLAGS, LESSONS_FLAGS, REPLAY_FLAGS, SANDBOX_FLAGS, WORKSHOP_FLAGS } from './args.js';
import type { FlagSpec } from './flags.js';
import { usageBlock } from './usage.js';
import { WRITE_FLAGS, WRITE_HEADS } from './write-args.js';
import type { WriteVerb } from '../trace/command.js';
import { planFor } from '../trace/plan.js';

function flagLines(specs: readonly FlagSpec[]): string[] {
  const rows = specs.map((s) => {
    const left = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.placeholder ? ` ${s.placeholder}` : ''}`;
    return [left, s.help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`);
}

export function mainHelp(): string {
  return [
    'kube-trace: see what really happens when you type `kubectl get pods`.',
    '',
    'It sends the same requests kubectl would, with a real Kubernetes client, and walks you through',
    'seven stages of your own request: parse, kubeconfig, request, authz, etcd, response, format.',
    'With no cluster configured it uses an embedded sandbox cluster (a local, TLS-secured API server).',
    '',
    'Usage:',
    ...usageBlock(98).map((l) => `  ${l}`),
    '',
    'Examples:',
    '  kube-trace get pods                      # your current context (or the sandbox if you have none)',
    '  kube-trace get pods --sandbox -A -o wide # the embedded sandbox, all namespaces',
    '  kube-trace get pods --plain | less       # every stage as text',
    '  kube-trace get pods --json | jq .stages  # machine-readable',
    '',
    'kube-trace get only reads. apply, create, delete and run write only to kube-trace\'s own sandbox: on any',
    'other cluster they are sent with dryRun=All (nothing is stored) unless --allow-writes, which asks first.',
    'Secrets in your kubeconfig are never shown.',
    "Run 'kube-trace get --help' for every flag.",
    '',
  ].join('\n');
}

export function getHelp(): string {
  return [
    'Trace `kubectl get pods` through its seven stages.',
    '',
    'Usage:',
    '  kube-trace get pods [NAME] [flags]',
    '',
    'Flags kubectl also takes:',
    ...flagLines(GET_FLAGS.filter((f) => !f.kubeTraceOnly)),
    '',
    "kube-trace's own flags:",
    ...flagLines(GET_FLAGS.filter((f) => f.kubeTraceOnly)),
    '',
    'Keys in the walkthrough: → Enter Space next, ← back, 1–7 jump, d details, c curl, ? help, q quit.',
    '',
  ].join('\n');
}

export function sandboxHelp(): string {
  return [
    'Run the embedded sandbox API server in the foreground (until Ctrl-C).',
    '',
    'It listens on 127.0.0.1 with TLS (HTTP/2, or HTTP/1.1 for clients that ask for it), speaks the',
    'Kubernetes API for every resource a real kube-apiserver v1.33 lists in discovery (or v1.28, with',
    '--server-version 1.28), and for the custom resources of its CustomResourceDefinitions: reads,',
    'watches and writes, with admission. It writes a kubeconfig with contexts sandbox-admin (current), sandbox-viewer,',
    'sandbox-nobody and sandbox-token, so that real kubectl and kube-trace can both use it. The kubeconfig',
    'is removed when the sandbox stops (Ctrl-C, SIGTERM, SIGHUP or SIGQUIT): its credentials die with it.',
    '',
    '  kube-trace sandbox --kubeconfig-out /tmp/sandbox.kubeconfig',
    '  kubectl --kubeconfig /tmp/sandbox.kubeconfig get pods',
    '  kube-trace get pods --kubeconfig /tmp/sandbox.kubeconfig --context sandbox-viewer',
    '',
    'Flags:',
    ...flagLines(SANDBOX_FLAGS),
    '',
  ].join('\n');
}

export function lessonsHelp(): string {
  return [
    'Check lesson files before a workshop.',
    '',
    'Usage:',
    '  kube-trace lessons --check DIR',
    '',
    'DIR holds any of parse.yaml, kubeconfig.yaml, request.yaml, authz.yaml, etcd.yaml, response.yaml,',
    'format.yaml. Use it with `kube-trace get pods --lessons DIR`: the stages it has replace the built-in ones.',
    '',
    'Flags:',
    ...flagLines(LESSONS_FLAGS),
    '',
  ].join('\n');
}

export function replayHelp(): string {
  return [
    'Replay a recorded run (kube-trace get … --record FILE): the same stages, data, timings and output,',
    'with no network and no kubeconfig.',
    '',
    'Usage:',
    '  kube-trace replay FILE [flags]',
    '',
    'Flags:',
    ...flagLines(REPLAY_FLAGS),
    '',
    'The file format is described in docs/recording.md.',
    '',
  ].join('\n');
}

export function workshopHelp(): string {
  return [
    'Walk a workshop: a sequence of kube-trace runs, each with a note and an optional question answered',
    'before the stage reveals it. Progress is kept under $XDG_STATE_HOME/kube-trace (default',
    '~/.local/state/kube-trace); running it again resumes where you left off.',
    '',
    'Usage:',
    '  kube-trace workshop [FILE.yaml] [flags]   (no FILE: the built-in workshop)',
    '',
    'Flags:',
    ...flagLines(WORKSHOP_FLAGS),
    '',
    'The file format is described in docs/workshop.md.',
    '',
  ].join('\n');
}

const WRITE_WHAT: Record<WriteVerb, string> = {
  apply: 'Trace `kubectl apply -f FILE` (client-side, as kubectl does by default; --server-side for server-side apply).',
  create: 'Trace `kubectl create -f FILE`: one POST per object.',
  delete: 'Trace `kubectl delete TYPE NAME`: the DELETE, and the GET kubectl waits with.',
  run: 'Trace `kubectl run NAME --image=IMG`: the Pod kubectl builds, POSTed.',
};

export function writeHelp(verb: WriteVerb): string {
  const flags = WRITE_FLAGS[verb];
  return [
    WRITE_WHAT[verb],
    `Its stages: ${planFor({ verb }).stages.map((s) => s.name).join(' → ')}.`,
    '',
    'Usage:',
    `  ${WRITE_HEADS[verb]} [flags]`,
    '',
    'Read-only on real clusters: on any cluster that is not kube-trace\'s sandbox every write is sent with',
    'dryRun=All (admission and validation run, nothing is stored), and every stage says so. Only',
    '--allow-writes persists there: it names the cluster and asks first (--yes answers without a terminal).',
    '',
    'Flags kubectl also takes:',
    ...flagLines(flags.filter((f) => !f.kubeTraceOnly)),
    '',
    "kube-trace's own flags:",
    ...flagLines(flags.filter((f) => f.kubeTraceOnly)),
    '',
  ].join('\n');
}
