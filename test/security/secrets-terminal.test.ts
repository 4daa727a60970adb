// Secrets never leak, in a real terminal: the bundled CLI in tmux walks every stage with the raw
// details, the curl overlay and the summary open, for contexts whose screens differ; every screen is
// searched for every marker (and its encodings).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSecretKubeconfig, type SecretKubeconfig } from '../helpers/secret-kubeconfig.js';
import { refusedPort, startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { createCa } from '../trace/helpers/pki.js';
import { buildCliBundle, startInTerminal, tmuxAvailable } from '../faults/tmux.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed';

let root: string;
let server: FaultyServer;
let secrets: SecretKubeconfig;
let bundle: { command: string; remove(): void };

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kube-trace-secrets-tmux-'));
  mkdirSync(join(root, 'home'));
  const ca = await createCa('secrets-tmux-ca');
  server = await startFaultyServer({ ca });
  secrets = await buildSecretKubeconfig({ dir: join(root, 'kc'), server: server.url, caPem: ca.certPem, ca, deadProxyPort: await refusedPort() });
  server.allow({ tokens: secrets.acceptedTokens, basicPassword: secrets.basicPassword });
  bundle = await buildCliBundle();
});

after(async () => {
  await server.close();
  bundle.remove();
  rmSync(root, { recursive: true, force: true });
});

describe('the walkthrough in tmux shows no secret', { concurrency: 2, skip }, () => {
  // With the password in the server URL, kubectl's own tokenFile and a proxy URL with a password too.
  for (const context of ['c-jwt', 'c-basic', 'c-exec', 'c-oidc', 'c-url-userinfo', 'c-token-file', 'c-proxy']) {
    it(`context ${context}: every stage, raw details, curl overlay, summary`, async () => {
      const t = startInTerminal(`${bundle.command} get pods --context ${context}`, {
        cols: 120,
        rows: 40,
        env: { PATH: process.env['PATH'], HOME: join(root, 'home'), KUBECONFIG: secrets.kubeconfigList, KUBE_TRACE_DEBUG: '1' },
      });
      const screens: string[] = [];
      try {
        await t.waitFor(/1\/7/);
        for (let stage = 1; stage <= 7; stage++) {
          screens.push(t.screen());
          for (const k of ['d', 'G', 'd', 'c']) {
            t.keys(k);
            // The redraw after a key, however slow the machine: a fixed pause missed it under load.
            screens.push(await t.settle());
          }
          t.keys('Escape');
          t.keys('Right');
          screens.push(await t.waitFor(stage < 7 ? new RegExp(`${stage + 1}/7 `) : /Summary/));
        }
        t.keys('q');
        screens.push(String(await t.waitForExit()), t.screen());
      } finally {
        t.kill();
      }
      const leaks = secrets.findLeaks(screens.join('\n'));
      assert.deepEqual(leaks, []);
      assert.ok(screens.some((s) => /Summary/.test(s)), 'the walkthrough reached the summary');
      // The screens that would show a credential were drawn, masked (a header's <masked>, a URL's ***).
      assert.ok(screens.some((s) => s.includes('<masked>') || s.includes(':***@')), 'no screen showed a masked credential');
    });
  }
});
