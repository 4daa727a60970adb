// The sandbox's kubeconfig: one cluster, four users/contexts, credentials embedded as *-data.

import { stringify } from 'yaml';
import type { SandboxPki } from './tls.js';

export const SANDBOX_CLUSTER = 'kube-trace-sandbox';
export const SANDBOX_CONTEXTS = ['sandbox-admin', 'sandbox-viewer', 'sandbox-nobody', 'sandbox-token'] as const;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function kubeconfigYaml(opts: { url: string; pki: SandboxPki; token: string; currentContext: string }): string {
  const certUser = (name: string, id: 'admin' | 'viewer' | 'nobody') => ({
    name,
    user: { 'client-certificate-data': b64(opts.pki.clients[id].certPem), 'client-key-data': b64(opts.pki.clients[id].keyPem) },
  });
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: SANDBOX_CLUSTER, cluster: { server: opts.url, 'certificate-authority-data': b64(opts.pki.ca.certPem) } }],
      users: [certUser('sandbox-admin', 'admin'), certUser('sandbox-viewer', 'viewer'), certUser('sandbox-nobody', 'nobody'), { name: 'sandbox-token', user: { token: opts.token } }],
      contexts: SANDBOX_CONTEXTS.map((name) => ({ name, context: { cluster: SANDBOX_CLUSTER, user: name } })),
      'current-context': opts.currentContext,
      preferences: {},
    },
    { lineWidth: 0 },
  );
}
