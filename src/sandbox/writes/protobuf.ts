// The protobuf bodies kubectl's generator commands send (`create configmap`, `create namespace`,
// `create serviceaccount` POST application/vnd.kubernetes.protobuf), decoded to the JSON object
// (generated.proto of k8s.io/api/core/v1 and apimachinery's ObjectMeta: field numbers as there).
// Other kinds are refused with 415 by the caller's check.

import { bytesField, readFields, stringField, unwrapEnvelope, type ProtoFields } from '../proto-lite.js';
import type { Json, JsonObject } from './values.js';

export class UnsupportedProtobufKind extends Error {}

function map(f: ProtoFields, n: number): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!Buffer.isBuffer(e)) continue;
    const kv = readFields(e);
    out[stringField(kv, 1) ?? ''] = stringField(kv, 2) ?? '';
  }
  return out;
}

function strings(f: ProtoFields, n: number): string[] | undefined {
  const v = f.get(n);
  return v ? v.filter((b): b is Buffer => Buffer.isBuffer(b)).map((b) => b.toString('utf8')) : undefined;
}

function objectMeta(raw: Buffer | undefined): JsonObject {
  const f = readFields(raw ?? Buffer.alloc(0));
  const m: JsonObject = {};
  const put = (k: string, v: Json | undefined): void => {
    if (v !== undefined && v !== '') m[k] = v;
  };
  put('name', stringField(f, 1));
  put('generateName', stringField(f, 2));
  put('namespace', stringField(f, 3));
  put('labels', map(f, 11));
  put('annotations', map(f, 12));
  put('finalizers', strings(f, 14));
  return m;
}

export function decodeProtobuf(body: Buffer): JsonObject {
  const { apiVersion, kind, raw } = unwrapEnvelope(body);
  const f = readFields(raw);
  const o: JsonObject = { kind, apiVersion, metadata: objectMeta(bytesField(f, 1)) };
  if (kind === 'ConfigMap' && apiVersion === 'v1') {
    const data = map(f, 2);
    if (data) o['data'] = data;
    const bin = f.get(3);
    if (bin) {
      const b: Record<string, string> = {};
      for (const e of bin) if (Buffer.isBuffer(e)) {
        const kv = readFields(e);
        b[stringField(kv, 1) ?? ''] = (bytesField(kv, 2) ?? Buffer.alloc(0)).toString('base64');
      }
      o['binaryData'] = b;
    }
    const imm = f.get(4)?.[0];
    if (typeof imm === 'number') o['immutable'] = imm !== 0;
    return o;
  }
  if (kind === 'Namespace' && apiVersion === 'v1') {
    o['spec'] = {};
    o['status'] = {};
    return o;
  }
  if (kind === 'ServiceAccount' && apiVersion === 'v1') {
    const auto = f.get(4)?.[0];
    if (typeof auto === 'number') o['automountServiceAccountToken'] = auto !== 0;
    return o;
  }
  throw new UnsupportedProtobufKind(`the sandbox decodes protobuf bodies of ConfigMap, Namespace and ServiceAccount only, not ${kind}`);
}
