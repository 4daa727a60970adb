// Fuzzing the kubeconfig loader: 10,000 seeded kubeconfigs (and KUBECONFIG lists) — wrong types in
// every field, missing and duplicate names, garbage base64 and PEM, odd URLs, YAML syntax errors,
// aliases, several documents, binary junk — through the engine's kubeconfig stage (runTrace, stopped
// after that stage, so nothing is sent and no plugin runs). Each one either loads or stops at the
// kubeconfig stage with a kubeconfig error: never an internal error, a throw, a hang or a stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { runTrace } from '../../src/trace/engine.js';
import type { GetCommand } from '../../src/trace/command.js';
import type { AnyStageResult } from '../../src/trace/types.js';
import { createCa, issue } from '../trace/helpers/pki.js';
import { getCommand } from '../trace/helpers/setup.js';
import { gen, type Gen } from './generators.js';

const SEED = 7_2026_1128;
const INPUTS = 10_000;

function command(over: Partial<GetCommand>): GetCommand {
  return getCommand({ requestTimeoutMs: 1000, parseMs: 0, ...over });
}

interface Pems {
  cert: string;
  key: string;
  ca: string;
}

function scalar(g: Gen): unknown {
  switch (g.int(9)) {
    case 0:
      return g.junk(30);
    case 1:
      return g.int(1e6) - 500;
    case 2:
      return null;
    case 3:
      return g.chance(0.5);
    case 4:
      return [g.junk(5), g.int(9)];
    case 5:
      return { [g.junk(4)]: g.junk(4) };
    case 6:
      return '';
    case 7:
      return 'x'.repeat(g.int(600));
    default:
      return 3.14;
  }
}

function b64(g: Gen, pems: Pems, which: keyof Pems): unknown {
  const r = g.int(8);
  if (r === 0) return Buffer.from(pems[which]).toString('base64');
  if (r === 1) return Buffer.from(pems[which].slice(0, g.int(pems[which].length))).toString('base64'); // cut short
  if (r === 2) return Buffer.from(g.junk(40)).toString('base64');
  if (r === 3) return g.junk(40); // not base64
  if (r === 4) return Buffer.from(`-----BEGIN CERTIFICATE-----\n${g.junk(30)}\n-----END CERTIFICATE-----\n`).toString('base64');
  return scalar(g);
}

function server(g: Gen): unknown {
  return g.pick<unknown>([
    'https://127.0.0.1:6443',
    'http://127.0.0.1:8080',
    'https://[::1]:6443',
    'https://[::1',
    'not a url',
    '',
    'https://',
    'ftp://127.0.0.1',
    '127.0.0.1:6443',
    `https://127.0.0.1:${g.int(70000)}`,
    'https://user:pw@127.0.0.1:6443/prefix?x=1#f',
    g.junk(20),
    scalar(g),
  ]);
}

function cluster(g: Gen, pems: Pems, files: string[]): unknown {
  const c: Record<string, unknown> = {};
  if (g.chance(0.9)) c['server'] = server(g);
  if (g.chance(0.5)) c['certificate-authority-data'] = b64(g, pems, 'ca');
  if (g.chance(0.2)) c['certificate-authority'] = g.pick([...files, '/nonexistent/ca.crt', 'relative/ca.crt', '', g.junk(10)]);
  if (g.chance(0.2)) c['insecure-skip-tls-verify'] = g.chance(0.5) ? true : scalar(g);
  if (g.chance(0.1)) c['tls-server-name'] = scalar(g);
  if (g.chance(0.1)) c['proxy-url'] = g.pick<unknown>(['http://p:pw@127.0.0.1:3128', 'socks5://x', '::', scalar(g)]);
  if (g.chance(0.05)) c[g.junk(6)] = scalar(g);
  return g.chance(0.95) ? c : scalar(g);
}

function user(g: Gen, pems: Pems, files: string[]): unknown {
  const u: Record<string, unknown> = {};
  switch (g.int(8)) {
    case 0:
      u['token'] = g.chance(0.8) ? g.junk(40) : scalar(g);
      break;
    case 1:
      u['client-certificate-data'] = b64(g, pems, 'cert');
      u['client-key-data'] = b64(g, pems, 'key');
      break;
    case 2:
      u['client-certificate'] = g.pick([...files, '/nonexistent/c.crt', '']);
      u['client-key'] = g.pick([...files, '/nonexistent/c.key']);
      break;
    case 3:
      u['username'] = scalar(g);
      u['password'] = scalar(g);
      break;
    case 4:
      u['exec'] = g.chance(0.8)
        ? { apiVersion: g.pick<unknown>(['client.authentication.k8s.io/v1', 'v0', scalar(g)]), command: scalar(g), args: scalar(g), env: g.chance(0.5) ? [{ name: scalar(g), value: scalar(g) }] : scalar(g) }
        : scalar(g);
      break;
    case 5:
      u['auth-provider'] = g.chance(0.8) ? { name: g.pick<unknown>(['oidc', 'gcp', 'azure', scalar(g)]), config: g.chance(0.7) ? { 'id-token': g.junk(30), 'refresh-token': scalar(g) } : scalar(g) } : scalar(g);
      break;
    case 6:
      u['token-file'] = g.pick([...files, '/nonexistent/token', scalar(g)]);
      break;
    default:
      break;
  }
  return g.chance(0.95) ? u : scalar(g);
}

function named(g: Gen, names: string[], inner: string, value: () => unknown): unknown[] {
  const n = g.int(4);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (g.chance(0.05)) out.push(scalar(g));
    else out.push({ ...(g.chance(0.95) ? { name: g.chance(0.9) ? g.pick(names) : scalar(g) } : {}), [inner]: value() });
  }
  return out;
}

/** A kubeconfig that loads, with at most one field spoiled: the inputs closest to real mistakes. */
function nearlyValid(g: Gen, pems: Pems, files: string[]): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'a', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(pems.ca).toString('base64') } as Record<string, unknown> }],
    users: [{ name: 'a', user: { 'client-certificate-data': Buffer.from(pems.cert).toString('base64'), 'client-key-data': Buffer.from(pems.key).toString('base64') } as Record<string, unknown> }],
    contexts: [{ name: 'a', context: { cluster: 'a', user: 'a' } as Record<string, unknown> }],
    'current-context': 'a',
  };
  const spoil = g.int(8);
  if (spoil === 0) doc.clusters[0]!.cluster = cluster(g, pems, files) as Record<string, unknown>;
  else if (spoil === 1) doc.users[0]!.user = user(g, pems, files) as Record<string, unknown>;
  else if (spoil === 2) doc.contexts[0]!.context[g.pick(['cluster', 'user', 'namespace'])] = scalar(g);
  else if (spoil === 3) doc.clusters[0]!.cluster['server'] = server(g);
  return stringify(doc);
}

function document(g: Gen, pems: Pems, files: string[]): string {
  if (g.chance(0.4)) return nearlyValid(g, pems, files);
  const names = ['a', 'b', 'c', '', g.junk(6)];
  const doc: Record<string, unknown> = { apiVersion: 'v1', kind: 'Config' };
  if (g.chance(0.9)) doc['clusters'] = g.chance(0.9) ? named(g, names, 'cluster', () => cluster(g, pems, files)) : scalar(g);
  if (g.chance(0.9)) doc['users'] = g.chance(0.9) ? named(g, names, 'user', () => user(g, pems, files)) : scalar(g);
  if (g.chance(0.9)) {
    doc['contexts'] = g.chance(0.9)
      ? named(g, names, 'context', () => (g.chance(0.9) ? { cluster: g.chance(0.9) ? g.pick(names) : scalar(g), user: g.chance(0.9) ? g.pick(names) : scalar(g), ...(g.chance(0.3) ? { namespace: scalar(g) } : {}) } : scalar(g)))
      : scalar(g);
  }
  if (g.chance(0.9)) doc['current-context'] = g.chance(0.8) ? g.pick(names) : scalar(g);
  if (g.chance(0.05)) doc['preferences'] = scalar(g);
  let text = g.chance(0.1) ? JSON.stringify(doc) : stringify(doc);
  // Break the text itself now and then: syntax errors, aliases, several documents, junk, BOM, CRLF.
  const damage = g.int(20);
  if (damage === 0) text = text.slice(0, g.int(text.length));
  else if (damage === 1) text = text.replace(/\n  /, '\n\t');
  else if (damage === 2) text = `a: &a [x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n${text}`;
  else if (damage === 3) text = `${text}\n---\n${text}`;
  else if (damage === 4) text = g.junk(200);
  else if (damage === 5) text = `\ufeff${text}`;
  else if (damage === 6) text = text.replaceAll('\n', '\r\n');
  else if (damage === 7) text = '';
  else if (damage === 8) text = `${text}\n${g.junk(30)}: [\n`;
  else if (damage === 9) text = '!!binary AAAA\n' + text;
  return text;
}

interface FuzzResult {
  outcomes: Map<string, number>;
  /** First example of each kind of problem, keyed by kind. */
  crashes: Map<string, string>;
  /** Messages with JS artefacts ("[object Object]", "undefined"): not crashes, but not clear either. */
  unclear: Map<string, string>;
}

let result: Promise<FuzzResult> | null = null;

/** Runs the 10,000 inputs once; both tests below read the result. */
function fuzz(): Promise<FuzzResult> {
  return (result ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-trace-fuzz-kubeconfig-'));
    const r: FuzzResult = { outcomes: new Map(), crashes: new Map(), unclear: new Map() };
    try {
      const ca = await createCa('fuzz-ca');
      const id = await issue(ca, { cn: 'fuzz' });
      const pems: Pems = { cert: id.certPem, key: id.keyPem, ca: ca.certPem };
      const realFiles = [join(dir, 'real.crt'), join(dir, 'real.key'), join(dir, 'token')];
      writeFileSync(realFiles[0]!, id.certPem);
      writeFileSync(realFiles[1]!, id.keyPem);
      writeFileSync(realFiles[2]!, 'a-token\n');
      const g = gen(SEED);
      for (let i = 0; i < INPUTS; i++) {
        const nFiles = g.chance(0.2) ? 2 + g.int(2) : 1;
        const paths: string[] = [];
        for (let f = 0; f < nFiles; f++) {
          const p = join(dir, `k${i % 50}-${f}.yaml`);
          if (g.chance(0.97)) writeFileSync(p, document(g, pems, realFiles));
          else rmSync(p, { force: true }); // a missing file in the list
          paths.push(p);
        }
        const viaFlag = nFiles === 1 && g.chance(0.5);
        const cmd = command({
          kubeconfig: viaFlag ? paths[0]! : null,
          context: g.chance(0.2) ? g.pick(['a', 'b', 'missing', '', g.junk(5)]) : null,
          namespace: g.chance(0.1) ? g.junk(8) : null,
          allNamespaces: g.chance(0.1),
        });
        const env = { env: viaFlag ? {} : { KUBECONFIG: paths.join(delimiter) }, homeDir: join(dir, 'home'), sandbox: null, toolVersion: '0.0.0-fuzz' };
        const where = `seed ${SEED} input #${i}`;
        const trace = runTrace(cmd, env);
        let stage: AnyStageResult | undefined;
        try {
          await trace.next(); // parse
          stage = (await trace.next()).value as AnyStageResult;
        } catch (e) {
          if (!r.crashes.has('threw')) r.crashes.set('threw', `${where}: ${e instanceof Error ? e.stack : String(e)}`);
          continue;
        } finally {
          await trace.return(undefined as never);
        }
        if (stage?.name !== 'kubeconfig') {
          r.crashes.set('no kubeconfig stage', where);
          continue;
        }
        if (stage.status !== 'error') {
          r.outcomes.set('loaded', (r.outcomes.get('loaded') ?? 0) + 1);
          continue;
        }
        const err = stage.error;
        if (!err || !['kubeconfig-invalid', 'no-kubeconfig'].includes(err.kind) || !err.message.trim() || !err.hint.trim()) {
          const kind = `error kind ${err?.kind}`;
          if (!r.crashes.has(kind)) r.crashes.set(kind, `${where}: ${JSON.stringify(err)}`);
          continue;
        }
        if (/\n\s+at /.test(err.message)) r.crashes.set('stack trace', `${where}: ${err.message}`);
        const artefact = /\[object \w+\]|\bundefined\b|\bNaN\b/.exec(err.message)?.[0];
        if (artefact) {
          const kind = `${artefact} in: ${err.message.replace(/"[^"]*"/g, '"…"').slice(0, 80)}`;
          if (!r.unclear.has(kind)) r.unclear.set(kind, `${where}: ${err.message}`);
        }
        r.outcomes.set(err.kind, (r.outcomes.get(err.kind) ?? 0) + 1);
      }
      return r;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })());
}

test(`the kubeconfig stage: ${INPUTS} seeded kubeconfigs (seed ${SEED}) load, or stop there with a kubeconfig error — never a crash`, async () => {
  const r = await fuzz();
  assert.deepEqual(Object.fromEntries(r.crashes), {});
  // Both sides must be reached, or the generator is not testing much.
  assert.ok((r.outcomes.get('loaded') ?? 0) > 1000, JSON.stringify([...r.outcomes]));
  assert.ok((r.outcomes.get('kubeconfig-invalid') ?? 0) > 1000, JSON.stringify([...r.outcomes]));
  // eslint-disable-next-line no-console
  console.log(`# fuzz kubeconfig: ${INPUTS} inputs, outcomes ${JSON.stringify(Object.fromEntries(r.outcomes))}`);
});

test('…and every kubeconfig error reads clearly (no "[object Object]", "undefined")', async () => {
  const r = await fuzz();
  assert.deepEqual(Object.fromEntries(r.unclear), {});
});
