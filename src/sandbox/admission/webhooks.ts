// MutatingAdmissionWebhook and ValidatingAdmissionWebhook: the stored webhook configurations whose
// rules match the request are called over HTTPS with an AdmissionReview v1 (clientConfig.url and
// caBundle; timeoutSeconds; failurePolicy), a mutating webhook's JSONPatch is applied to the object,
// and a refusal becomes the Status kube-apiserver answers: `admission webhook "<name>" denied the
// request: <message>`. Mutating webhooks run one after another, validating ones too (kube calls
// validating webhooks in parallel; the result is the same for the sandbox's).

import { request } from 'node:https';
import { randomUUID } from 'node:crypto';
import { ApiStatusError } from '../writes/errors.js';
import { jsonPatch } from '../writes/patch.js';
import { isObject, obj, str, type Json, type JsonObject } from '../writes/values.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

function matches(list: unknown, v: string): boolean {
  return Array.isArray(list) && (list.includes('*') || list.includes(v));
}

function ruleMatches(rules: unknown, a: AdmissionAttributes): boolean {
  const resource = a.subresource ? `${a.def.resource}/${a.subresource}` : a.def.resource;
  return Array.isArray(rules) && rules.some((r) => {
    const o = obj(r);
    return matches(o['operations'], a.operation) && matches(o['apiGroups'], a.def.group) && matches(o['apiVersions'], a.def.version) && matches(o['resources'], resource);
  });
}

function post(url: string, caPem: string, body: string, timeoutMs: number): Promise<Json> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: caPem, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded')));
    req.on('error', reject);
    req.end(body);
  });
}

function makeReview(a: AdmissionAttributes): JsonObject {
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: { group: a.def.group, version: a.def.version, kind: a.def.kind },
      resource: { group: a.def.group, version: a.def.version, resource: a.def.resource },
      ...(a.subresource ? { subResource: a.subresource } : {}),
      requestKind: { group: a.def.group, version: a.def.version, kind: a.def.kind },
      requestResource: { group: a.def.group, version: a.def.version, resource: a.def.resource },
      name: a.name, namespace: a.namespace, operation: a.operation,
      userInfo: { username: a.user.username, groups: a.user.groups },
      object: a.object, oldObject: a.oldObject, dryRun: a.dryRun,
      options: { kind: a.operation === 'CREATE' ? 'CreateOptions' : a.operation === 'UPDATE' ? 'UpdateOptions' : 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  };
}

function webhookPlugin(kind: 'mutating' | 'validating'): AdmissionPlugin {
  const prefix = kind === 'mutating' ? '/registry/mutatingwebhookconfigurations/' : '/registry/validatingwebhookconfigurations/';
  return {
    name: kind === 'mutating' ? 'MutatingAdmissionWebhook' : 'ValidatingAdmissionWebhook',
    handles: () => true,
    async admit(a) {
      const configs = await a.list(prefix);
      const called: string[] = [];
      for (const c of configs) {
        for (const w of Array.isArray(c['webhooks']) ? c['webhooks'] : []) {
          const hook = obj(w);
          if (!ruleMatches(hook['rules'], a)) continue;
          const name = str(hook['name']);
          const cc = obj(hook['clientConfig']);
          const url = str(cc['url']);
          const ca = Buffer.from(str(cc['caBundle']), 'base64').toString('utf8');
          const timeoutMs = (typeof hook['timeoutSeconds'] === 'number' ? hook['timeoutSeconds'] : 10) * 1000;
          let res: JsonObject;
          try {
            res = obj(obj(await post(url, ca, JSON.stringify(makeReview(a)), timeoutMs))['response']);
          } catch (e) {
            if (hook['failurePolicy'] === 'Ignore') continue;
            throw new ApiStatusError(500, 'InternalError', `Internal error occurred: failed calling webhook "${name}": failed to call webhook: Post "${url}": ${(e as Error).message}`);
          }
          called.push(name);
          if (res['allowed'] !== true) {
            const st = obj(res['status']);
            const code = typeof st['code'] === 'number' ? st['code'] : 400;
            throw new ApiStatusError(code, str(st['reason'], code === 403 ? 'Forbidden' : 'BadRequest'), `admission webhook "${name}" denied the request: ${str(st['message'], 'without explanation')}`);
          }
          if (kind === 'mutating' && res['patchType'] === 'JSONPatch' && typeof res['patch'] === 'string' && a.object) {
            const ops = JSON.parse(Buffer.from(res['patch'], 'base64').toString('utf8')) as Json;
            const patched = jsonPatch(a.object, ops);
            if (isObject(patched)) {
              for (const k of Object.keys(a.object)) Reflect.deleteProperty(a.object, k);
              Object.assign(a.object, patched);
            }
          }
        }
      }
      return { note: called.length ? `called ${called.join(', ')}` : 'no webhook configuration matches this request' };
    },
  };
}

export const mutatingAdmissionWebhook = webhookPlugin('mutating');
export const validatingAdmissionWebhook = webhookPlugin('validating');
