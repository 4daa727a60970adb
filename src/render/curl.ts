// The curl line, from the words the engine gives (PlannedRequest.curlArgs; nothing parses the string
// back), laid out in rows that paste back as the same command; the credentials it names as shell
// variables, filled in once they are exported (sandbox), or explained field by field (a real cluster).
// Shared by the Ink UI and the plain presentation.
import type { KubeconfigData } from '../trace/types.js';
import { displayWidth, graphemes } from '../text/index.js';
import { shellQuote, shellWord, type ShellWord } from '../text/shell.js';

/** The sandbox credentials the curl line needs, as the CLI wrote them (src/cli/export-credentials.ts). */
export interface ExportedCredentials {
  dir: string;
  /** One per shell variable of the curl line: `CA_FILE` → the file that holds it. */
  files: { variable: string; path: string; what: string }[];
  /** Written into the run's own temporary folder, which goes when kube-trace exits (else the learner's DIR stays). */
  removedOnExit: boolean;
}

/** Options that take no argument (so the word after them starts a group of its own). */
const NO_ARGUMENT = /^--?(k|s|S|i|v|sS|insecure|silent|show-error)$/;

/**
 * Breaks one shell word that is wider than a row. Each row ends in a backslash: outside quotes a
 * backslash-newline joins the word back; inside single quotes the quote is closed first and reopened
 * on the next row ('ab'\⏎'cd' is the word abcd). Continuation rows start at column 0 on purpose.
 */
function breakWord(word: string, max: number, indent: string): string[] {
  const rows: string[] = [];
  const chars = graphemes(word);
  let row = indent;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === "'" && !inDouble) inSingle = !inSingle;
    else if (ch === '"' && !inSingle) inDouble = !inDouble;
    row += ch;
    const room = max - (inSingle ? 2 : 1);
    // Do not break right after a backslash: it would escape the line break instead.
    if (displayWidth(row) >= room && i < chars.length - 1 && ch !== '\\') {
      rows.push(inSingle ? `${row}'\\` : `${row}\\`);
      row = inSingle ? "'" : '';
    }
  }
  rows.push(row);
  return rows;
}

/**
 * Lays the command out in rows of at most `width`: options with their argument, rows continued with
 * " \", and words too long for a row broken so the pasted text still runs.
 */
export function curlRows(words: readonly ShellWord[], width: number): string[] {
  const quoted = words.map(shellWord);
  // An option and its argument stay together ("-H 'Accept: …'").
  const groups: string[] = [];
  for (let i = 0; i < quoted.length; i++) {
    const w = quoted[i] ?? '';
    const next = quoted[i + 1];
    if (/^-{1,2}[A-Za-z]/.test(w) && !w.includes('=') && next !== undefined && !next.startsWith('-') && !NO_ARGUMENT.test(w)) {
      groups.push(`${w} ${next}`);
      i++;
    } else groups.push(w);
  }
  const max = Math.max(12, width - 2);
  const rows: string[] = [];
  let row = '';
  const flush = (): void => {
    if (row !== '') rows.push(`${row} \\`);
    row = '';
  };
  for (const g of groups) {
    const candidate = row === '' ? g : `${row} ${g}`;
    if (displayWidth(candidate) <= max) {
      row = candidate;
      continue;
    }
    flush();
    const indented = rows.length === 0 ? g : `  ${g}`;
    if (displayWidth(indented) <= max) {
      row = indented;
      continue;
    }
    const pieces = breakWord(g, max, rows.length === 0 ? '' : '  ');
    rows.push(...pieces.slice(0, -1));
    row = pieces[pieces.length - 1] ?? '';
  }
  if (row !== '') rows.push(row);
  // The last row carries no continuation.
  const last = rows.length - 1;
  if (last >= 0) rows[last] = (rows[last] ?? '').replace(/ \\$/, '');
  return rows;
}

/** The shell variables the curl line leaves for the learner to set ($CA_FILE, $TOKEN, …). */
export function curlVariables(words: readonly ShellWord[]): string[] {
  const names = new Set<string>();
  for (const w of words) if ('expand' in w) for (const m of w.expand.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)) names.add(m[1] ?? '');
  return [...names].filter((n) => n !== '');
}

/** The curl words with the exported files in place of their variables: a command ready to run. */
export function withCredentials(words: readonly ShellWord[], credentials: ExportedCredentials): ShellWord[] {
  const byVariable = new Map(credentials.files.map((f) => [f.variable, f.path]));
  return words.map((w) => {
    if (!('expand' in w)) return w;
    const whole = /^\$([A-Z_][A-Z0-9_]*)$/.exec(w.expand);
    const file = whole !== null ? byVariable.get(whole[1] ?? '') : undefined;
    if (file !== undefined) return { literal: file };
    // A variable inside a header ("Authorization: Bearer $TOKEN"): the file's content, read by the shell.
    return { expand: w.expand.replace(/\$([A-Z_][A-Z0-9_]*)/g, (m, name: string) => {
      const path = byVariable.get(name);
      return path !== undefined ? `$(cat ${shellQuote(path)})` : m;
    }) };
  });
}

export interface ExtractStep {
  variable: string;
  /** What it holds, in words. */
  what: string;
  /** Shell commands that set it (reading the kubeconfig as kubectl does), or null when there is none. */
  command: string | null;
  /** Where the value lives in the kubeconfig, when no single command gets it. */
  note?: string;
}

/**
 * For a real cluster: which kubeconfig field each variable of the curl line comes from, and the
 * command that extracts it. Nothing is read or written here: the learner runs these, if they want to.
 */
export function extractSteps(words: readonly ShellWord[], kc: KubeconfigData): ExtractStep[] {
  const kubeconfigFlag = kc.files.find((f) => f.source === 'flag');
  const view = ['kubectl config view --raw --minify', ...(kubeconfigFlag !== undefined ? [`--kubeconfig ${shellQuote(kubeconfigFlag.path)}`] : []), `--context ${shellQuote(kc.currentContext)}`].join(' ');
  const field = (path: string): string => `${view} -o jsonpath=${shellQuote(`{${path}}`)}`;
  const steps: ExtractStep[] = [];
  for (const v of curlVariables(words)) {
    switch (v) {
      case 'CA_FILE':
        steps.push({ variable: v, what: `the CA that signed the server's certificate (clusters[].cluster.certificate-authority-data of cluster "${kc.cluster.name}")`, command: `${field('.clusters[0].cluster.certificate-authority-data')} | base64 -d > ca.crt; CA_FILE=ca.crt` });
        break;
      case 'CLIENT_CERT_FILE':
        steps.push({ variable: v, what: `your client certificate (users[].user.client-certificate-data of user "${kc.user.name}")`, command: `${field('.users[0].user.client-certificate-data')} | base64 -d > client.crt; CLIENT_CERT_FILE=client.crt` });
        break;
      case 'CLIENT_KEY_FILE':
        steps.push({
          variable: v,
          what: `your client key (users[].user.client-key-data of user "${kc.user.name}"; a secret: keep the file private)`,
          command: `(umask 077; ${field('.users[0].user.client-key-data')} | base64 -d > client.key); CLIENT_KEY_FILE=client.key`,
          note: 'when the kubeconfig names a file instead (users[].user.client-key), use that path',
        });
        break;
      case 'TOKEN':
        if (kc.user.auth.kind === 'exec') {
          steps.push({ variable: v, what: `a token from the credential plugin of user "${kc.user.name}" (users[].user.exec)`, command: null, note: `run ${kc.user.auth.exec !== undefined ? [kc.user.auth.exec.command, ...kc.user.auth.exec.args].map(shellQuote).join(' ') : 'the plugin'} and take .status.token from the ExecCredential it prints` });
        } else if (kc.user.auth.kind === 'token-file') {
          steps.push({ variable: v, what: `the token in the file named by users[].user.tokenFile of user "${kc.user.name}"`, command: `TOKEN=$(cat "$(${field('.users[0].user.tokenFile')})")` });
        } else {
          steps.push({ variable: v, what: `your bearer token (users[].user.token of user "${kc.user.name}"; a secret)`, command: `TOKEN=$(${field('.users[0].user.token')})` });
        }
        break;
      case 'BASIC_AUTH':
        steps.push({ variable: v, what: `username:password of user "${kc.user.name}", base64 (users[].user.username and .password; a secret)`, command: `BASIC_AUTH=$(printf '%s:%s' "$(${field('.users[0].user.username')})" "$(${field('.users[0].user.password')})" | base64)` });
        break;
      default:
        steps.push({ variable: v, what: 'a value of your kubeconfig that kube-trace does not know how to extract: set it yourself', command: null });
    }
  }
  return steps;
}
