// A bad command line never reaches the engine; `--json` callers still get a whole report, stopped at parse.

import { GET_PLAN } from '../trace/plan.js';
import { STAGE_TITLES, type AnyStageResult, type TraceReport } from '../trace/types.js';
import type { UsageError } from './args.js';
import { TOOL_VERSION } from './version.js';

export function kubectlUsageStderr(e: UsageError): string {
  return e.fromFlagParser ? `Error: ${e.message}\nSee 'kubectl get --help' for usage.\n` : `error: ${e.message}\n`;
}

export function usageErrorReport(e: UsageError): TraceReport {
  // The get plan's stages: a bad command line is not known to be a watch or a write.
  const stages = GET_PLAN.stages.map(({ name }): AnyStageResult => {
    if (name === 'parse') {
      return {
        name,
        title: STAGE_TITLES[name],
        status: 'error',
        durationMs: 0,
        data: null,
        error: {
          kind: 'usage',
          message: e.message,
          hint: "Check the flags against 'kube-trace get --help'; kube-trace takes the same flags as `kubectl get pods`.",
          kubectlMessage: kubectlUsageStderr(e).trimEnd(),
        },
      };
    }
    return { name, title: STAGE_TITLES[name], status: 'skipped', durationMs: 0, data: null };
  });
  return {
    tool: { name: 'kube-trace', version: TOOL_VERSION },
    command: e.argv,
    target: { kind: 'cluster', server: null, context: null },
    stages,
    output: { stdout: '', stderr: kubectlUsageStderr(e), exitCode: 1 },
  };
}
