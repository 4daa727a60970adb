// The sandbox's own admission webhooks, served on loopback over HTTPS (with the sandbox's server
// certificate), answering AdmissionReview v1 as any webhook server would. Two demonstration webhooks:
//   POST /mutate   adds the label kube-trace.local/admitted-by: mutate.kube-trace.local (a JSONPatch);
//   POST /validate refuses a pod without a "team" label.
// webhookConfigurations() gives the Mutating/ValidatingWebhookConfiguration objects that register
// them for pod CREATE, as a scenario stores them.

import { createServer, type Server } from 'node:https';
import type { KubeObject } from '../resources.js';
import { isObject, obj, str, type Json, type JsonObject } from '../writes/values.js';

export const MUTATE_NAME = 'mutate.kube-trace.local';
export const VALIDATE_NAME = 'validate.kube-trace.local';

function review(request: JsonObject, response: JsonObject): string {
  return JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request['uid'] ?? '', ...response } });
}

function answer(path: string, body: Json): string {
  const request = obj(obj(body)['request']);
  const object = obj(request['object']);
  const labels = obj(obj(object['metadata'])['labels']);
  if (path === '/mutate') {
    const patch = isObject(obj(object['metadata'])['labels'])
      ? [{ op: 'add', path: '/metadata/labels/kube-trace.local~1admitted-by', value: MUTATE_NAME }]
      : [{ op: 'add', path: '/metadata/labels', value: { 'kube-trace.local/admitted-by': MUTATE_NAME } }];
    return review(request, { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') });
  }
  if (str(labels['team']) !== '') return review(request, { allowed: true });
  return review(request, { allowed: false, status: { code: 403, message: 'pods must carry a "team" label' } });
}

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebhookServer(tls: { keyPem: string; certPem: string }): Promise<WebhookServer> {
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Json;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (req.method !== 'POST' || (req.url !== '/mutate' && req.url !== '/validate')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(answer(req.url, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The two configurations that register the webhooks for pod creates (caBundle: the sandbox's CA). */
export function webhookConfigurations(url: string, caPem: string, created: Date): KubeObject[] {
  const t = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hook = (name: string, path: string): Record<string, unknown> => ({
    name,
    clientConfig: { url: `${url}${path}`, caBundle: Buffer.from(caPem).toString('base64') },
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector: {},
    objectSelector: {},
    sideEffects: 'None',
    timeoutSeconds: 10,
    admissionReviewVersions: ['v1'],
  });
  return [
    { kind: 'MutatingWebhookConfiguration', apiVersion: 'admissionregistration.k8s.io/v1', metadata: { name: 'kube-trace-mutate', uid: crypto.randomUUID(), creationTimestamp: t, generation: 1 }, webhooks: [{ ...hook(MUTATE_NAME, '/mutate'), reinvocationPolicy: 'Never' }] },
    { kind: 'ValidatingWebhookConfiguration', apiVersion: 'admissionregistration.k8s.io/v1', metadata: { name: 'kube-trace-validate', uid: crypto.randomUUID(), creationTimestamp: t, generation: 1 }, webhooks: [hook(VALIDATE_NAME, '/validate')] },
  ];
}
