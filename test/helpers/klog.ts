// kubectl's klog lines, compared as a learner would compare two runs: the time and the pid differ.

/** "E1201 23:47:56.183993   15786 memcache.go:265] …" → "E0000 00:00:00.000000 PID memcache.go:265] …" */
export function normaliseKlog(text: string): string {
  return text.replace(/^([EWI])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID ');
}

/** The memcache.go lines kubectl writes for each failed discovery attempt, then its error line. */
export function splitKubectlStderr(stderr: string): { klog: string[]; last: string } {
  const lines = stderr.replace(/\n$/, '').split('\n');
  return { klog: lines.slice(0, -1), last: lines[lines.length - 1] ?? '' };
}

export const MEMCACHE_LINE = /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ memcache\.go:265\] ("Unhandled Error" err="couldn't get current server API group list: .*"|couldn't get current server API group list: .*)$/;

/** Any klog line kubectl writes at its default verbosity (errors and warnings). */
export const KLOG_LINE = /^[EW]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [\w.-]+\.go:\d+\] .+$/;
