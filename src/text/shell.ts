// POSIX shell words: one quoting rule for every command line kube-trace shows (the kubectl
// equivalent of a trace, the curl line), so what is shown runs when pasted.

/**
 * A word of a command line: literal text (quoted as needed), or text the shell expands — double-quoted,
 * with `$NAME` references to variables the learner sets (where a secret or a file would go).
 */
export type ShellWord = { literal: string } | { expand: string };

const SAFE = /^[A-Za-z0-9_\-./=:,@%+]+$/;

/** A literal as one shell word: bare when nothing in it is special to the shell, else single-quoted. */
export function shellQuote(s: string): string {
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One word as the shell reads it. */
export function shellWord(w: ShellWord): string {
  return 'expand' in w ? `"${w.expand.replace(/["\\`]/g, '\\$&')}"` : shellQuote(w.literal);
}

/** The whole command on one line. */
export function shellLine(words: readonly ShellWord[]): string {
  return words.map(shellWord).join(' ');
}

export const lit = (s: string): ShellWord => ({ literal: s });
export const expand = (s: string): ShellWord => ({ expand: s });
