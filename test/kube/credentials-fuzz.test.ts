// Hostile credential fields never crash the kube layer: 2,000 seeded user and cluster entries (wrong
// types, junk base64 and PEM, odd URLs, half pairs, unknown providers) go through confirmUsable and
// prepareCredentials. Each is usable, or refused with a CredentialError or kubectl's validation
// messages that read clearly — never a TypeError, never "[object Object]" or "undefined".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authInfoFrom, clusterFrom, confirmUsable, configurationStageError } from '../../src/kube/kubectl-config.js';
import { CredentialError, credentialStageError, prepareCredentials } from '../../src/kube/credentials.js';
import { createCa, issue } from '../trace/helpers/pki.js';
import { gen, type Gen } from '../fuzz/generators.js';

const SEED = 2026_1202;
const INPUTS = 2_000;

function scalar(g: Gen): unknown {
  return g.pick<unknown>([g.junk(20), g.int(999), null, true, [g.junk(3)], { [g.junk(3)]: 1 }, '', 'x'.repeat(g.int(300))]);
}

test(`${INPUTS} seeded credential entries: usable, or refused clearly`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-trace-cred-fuzz-'));
  try {
    const ca = await createCa('fuzz');
    const id = await issue(ca, { cn: 'fuzz' });
    const files = [join(dir, 'c.crt'), join(dir, 'c.key'), join(dir, 'tok'), join(dir, 'ca.crt')];
    writeFileSync(files[0]!, id.certPem);
    writeFileSync(files[1]!, id.keyPem);
    writeFileSync(files[2]!, 'tok\n');
    writeFileSync(files[3]!, ca.certPem);
    const g = gen(SEED);
    const pem = (which: string): unknown => g.pick<unknown>([Buffer.from(which).toString('base64'), Buffer.from(which.slice(0, g.int(which.length))).toString('base64'), Buffer.from(g.junk(30)).toString('base64'), scalar(g)]);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < INPUTS; i++) {
      const u: Record<string, unknown> = {};
      const c: Record<string, unknown> = { server: g.pick<unknown>(['https://127.0.0.1:6443', 'http://127.0.0.1:8080', 'https://u:p@h:1', 'not a url', '', scalar(g)]) };
      for (const [key, make] of [
        ['token', () => scalar(g)],
        ['tokenFile', () => g.pick<unknown>([...files, '/nonexistent/t', scalar(g)])],
        ['client-certificate-data', () => pem(id.certPem)],
        ['client-key-data', () => pem(id.keyPem)],
        ['client-certificate', () => g.pick<unknown>([...files, '/nonexistent/c', scalar(g)])],
        ['client-key', () => g.pick<unknown>([...files, '/nonexistent/k', scalar(g)])],
        ['username', () => scalar(g)],
        ['password', () => scalar(g)],
        ['as', () => scalar(g)],
        ['as-groups', () => g.pick<unknown>([[g.junk(4)], scalar(g)])],
        ['as-user-extra', () => g.pick<unknown>([{ [g.junk(4)]: [g.junk(3)] }, { 'a/b c': ['x'] }, scalar(g)])],
        ['auth-provider', () => g.pick<unknown>([{ name: g.pick(['oidc', 'gcp', 'azure', g.junk(5)]), config: g.pick<unknown>([{ 'idp-issuer-url': 'https://i', 'client-id': 'k', 'id-token': g.junk(20) }, scalar(g)]) }, scalar(g)])],
        // Exec commands that cannot run anything: nothing is spawned by prepareCredentials anyway.
        ['exec', () => g.pick<unknown>([{ apiVersion: g.pick<unknown>(['client.authentication.k8s.io/v1', 'v0', scalar(g)]), command: '/nonexistent/plugin', interactiveMode: g.pick<unknown>(['Never', '', 'Sometimes', scalar(g)]), env: g.pick<unknown>([[{ name: scalar(g), value: scalar(g) }], scalar(g)]) }, scalar(g)])],
      ] as const) {
        if (g.chance(0.15)) u[key] = make();
      }
      for (const [key, make] of [
        ['certificate-authority-data', () => pem(ca.certPem)],
        ['certificate-authority', () => g.pick<unknown>([files[3], '/nonexistent/ca', scalar(g)])],
        ['insecure-skip-tls-verify', () => g.pick<unknown>([true, false, scalar(g)])],
        ['tls-server-name', () => scalar(g)],
        ['proxy-url', () => g.pick<unknown>(['http://p:pw@127.0.0.1:3128', 'socks5://x:1', 'ftp://x', '::', scalar(g)])],
        ['disable-compression', () => g.pick<unknown>([true, scalar(g)])],
      ] as const) {
        if (g.chance(0.2)) c[key] = make();
      }
      const sel = { contextName: 'x', contextFound: true, namespace: '', cluster: clusterFrom('c', g.chance(0.95) ? c : scalar(g)), user: authInfoFrom('u', g.chance(0.95) ? u : scalar(g)) };
      let outcome: string;
      let text = '';
      const problems = confirmUsable(sel);
      if (problems.length > 0) {
        outcome = 'invalid';
        const e = configurationStageError(problems);
        text = `${e.message} ${e.kubectlMessage ?? ''}`;
      } else {
        try {
          const p = prepareCredentials(sel);
          outcome = `ok:${p.facts.source}`;
        } catch (e) {
          assert.ok(e instanceof CredentialError, `input ${i} threw ${String(e)}\n${JSON.stringify({ u, c })}`);
          outcome = `refused:${e.kubectlStage}`;
          const err = credentialStageError(e.problem);
          text = `${err.message} ${err.hint} ${err.kubectlMessage ?? ''}`;
        }
      }
      assert.doesNotMatch(text, /\[object Object\]|undefined|NaN/, `input ${i}: ${text}`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(`# credentials fuzz: ${INPUTS} inputs, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
