// The REST handler of writes: POST (create), PUT (update), PATCH (strategic merge, JSON merge, JSON
// patch, server-side apply) and DELETE, with ?dryRun=All, ?fieldManager, ?fieldValidation, ?force.
// Decodes the body (JSON, YAML, or the protobuf kubectl's generator commands send), runs the write
// path, answers as kube-apiserver does, and fills the glass box's admission and write records.

import { parse as parseYaml } from 'yaml';
import type { RequestInfo } from '../request-info.js';
import type { UserInfo } from '../rbac.js';
import type { ResourceDef } from '../resources.js';
import { readBody, tooLarge, tooSlow, type Exchange } from '../exchange.js';
import { statusBody } from '../respond.js';
import { decodeProtobuf } from './protobuf.js';
import type { ApiStatusError } from './errors.js';
import { WritePath, type PatchType, type WriteRequest } from './pipeline.js';
import { isObject, obj, type Json, str } from './values.js';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/strategic-merge-patch+json': 'strategic',
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
};

function mediaType(h: string | undefined): string {
  return (h ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function unsupported(x: Exchange, supported: string[]): void {
  x.fail(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`, {});
}

function decode(body: Buffer, type: string): Json {
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') return parseYaml(body.toString('utf8')) as Json;
  return JSON.parse(body.toString('utf8')) as Json;
}

/** The field manager kube derives from the User-Agent when none is given (its first segment). */
function defaultManager(userAgent: string | undefined): string {
  return (userAgent ?? '').split('/')[0]?.slice(0, 128) || 'unknown';
}

export async function handleWrite(x: Exchange, method: string, info: RequestInfo, user: UserInfo, def: ResourceDef, write: WritePath): Promise<void> {
  const q = x.url.searchParams;
  const dryRunValues = q.getAll('dryRun');
  if (dryRunValues.some((v) => v !== 'All')) {
    x.fail(400, 'BadRequest', `Invalid dryRun value: ${dryRunValues.find((v) => v !== 'All') ?? ''}`);
    return;
  }
  const dryRun = dryRunValues.includes('All');
  const namespace = def.namespaced ? info.namespace : '';
  const raw = await readBody(x.req, x.state.requestBodyTimeoutMs);
  if (raw === 'too-large') {
        tooLarge(x);
        return;
      }
  if (raw === 'too-slow') {
        tooSlow(x);
        return;
      }
  const type = mediaType(x.req.headers['content-type']);
  let body: Json = null;
  let patchType: PatchType | undefined;
  try {
    if (method === 'PATCH') {
      patchType = PATCH_TYPES[type];
      if (!patchType) {
        unsupported(x, Object.keys(PATCH_TYPES));
        return;
      }
      if (patchType === 'strategic' && def.group !== '' && def.group !== 'apps' && def.group !== 'admissionregistration.k8s.io') {
        unsupported(x, Object.keys(PATCH_TYPES).filter((t) => !t.includes('strategic')));
        return;
      }
      body = decode(raw, type);
    } else if (method === 'DELETE') {
      body = raw.length ? decode(raw, type === 'application/yaml' ? type : 'application/json') : null;
    } else if (type === 'application/vnd.kubernetes.protobuf') {
      body = decodeProtobuf(raw);
    } else if (type === 'application/json' || type === 'application/yaml' || type === '') {
      body = decode(raw, type);
    } else {
      {
        unsupported(x, ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
        return;
      }
    }
  } catch (e) {
    x.fail(400, 'BadRequest', `the object provided is unrecognized or malformed: ${(e as Error).message}`);
    return;
  }
  let name = info.name;
  if (method === 'POST') {
    const meta = obj(obj(body)['metadata']);
    const bodyNs = meta['namespace'];
    if (def.namespaced && typeof bodyNs === 'string' && bodyNs !== '' && bodyNs !== namespace) {
      x.fail(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      return;
    }
    name = typeof meta['name'] === 'string' ? meta['name'] : '';
    if (name === '' && typeof meta['generateName'] === 'string' && meta['generateName'] !== '') {
      name = `${meta['generateName']}${Math.random().toString(36).slice(2, 7)}`;
    }
    const kind = obj(body)['kind'];
    if (isObject(body) && typeof kind === 'string' && kind !== def.kind) {
      x.fail(400, 'BadRequest', `the API version in the data (${str(obj(body)['apiVersion'])}) does not match the expected API version (${def.group ? `${def.group}/` : ''}${def.version})`);
      return;
    }
  } else if (method === 'PUT') {
    const bodyName = obj(obj(body)['metadata'])['name'];
    if (typeof bodyName === 'string' && bodyName !== info.name) {
      x.fail(400, 'BadRequest', `the name of the object (${bodyName}) does not match the name on the URL (${info.name})`);
      return;
    }
  }
  const fieldValidation = q.get('fieldValidation') ?? 'Warn';
  const req: WriteRequest = {
    verb: method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : 'delete',
    def, namespace, name, subresource: info.subresource, user, body, dryRun,
    fieldManager: q.get('fieldManager') ?? defaultManager(x.req.headers['user-agent']),
    force: q.get('force') === 'true',
    strict: fieldValidation === 'Strict',
    ...(patchType ? { patchType } : {}),
  };
  if (method === 'PATCH' && patchType === 'apply' && !q.get('fieldManager')) {
    x.fail(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    return;
  }
  if (method === 'DELETE' && isObject(body)) {
    const gp = body['gracePeriodSeconds'];
    const pre = obj(body['preconditions']);
    req.deleteOptions = {
      ...(typeof gp === 'number' ? { gracePeriodSeconds: gp } : {}),
      preconditions: { ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}), ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}) },
    };
  }
  const qGrace = q.get('gracePeriodSeconds');
  if (method === 'DELETE' && qGrace !== null && /^\d+$/.test(qGrace)) req.deleteOptions = { ...req.deleteOptions, gracePeriodSeconds: Number(qGrace) };
  if (req.verb === 'create' && req.name === '') {
    x.fail(422, 'Invalid', `${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, { kind: def.kind, causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }] });
    return;
  }
  const out = await write.run(req);
  x.record.admission = out.admission;
  x.record.write = out.write;
  for (const s of out.admission) x.step('admission', `${s.phase} ${s.name}: ${s.verdict}${s.message && s.verdict === 'denied' ? ` (${s.message})` : ''}`);
  if (out.write) {
    const w = out.write;
    x.step('storage', w.dryRun ? `dry run: no write to ${w.key} (revision stays ${w.revisionBefore})` : w.revision !== null ? `txn: if mod_revision(${w.key}) = ${w.compareModRevision} then ${w.operation === 'delete' ? 'delete' : 'put'} → revision ${w.revision}` : w.succeeded ? `no change: nothing written to ${w.key}` : `txn: compare mod_revision(${w.key}) = ${w.compareModRevision} failed`);
  }
  const warnings: [string, string][] = out.warnings.map((w) => ['Warning', `299 - ${JSON.stringify(w)}`]);
  if (out.error) {
    const e: ApiStatusError = out.error;
    x.send(e.code, statusBody(e.code, e.reason, e.message, e.details), warnings.length ? { extra: warnings } : {}, { to: 'Status' });
    return;
  }
  x.step('conversion', `${str(out.body['kind'], def.kind)} as JSON`);
  x.send(out.status, out.body, warnings.length ? { extra: warnings } : {}, { to: str(out.body['kind'], def.kind) });
}

