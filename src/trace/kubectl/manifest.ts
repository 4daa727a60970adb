// kubectl's -f: a file of YAML (or JSON) documents, each one object, decoded as cli-runtime's builder
// decodes them (YAML → JSON, then the apiVersion/kind "detector"). The CLI reads the file; this turns
// its text into objects or into kubectl's error line.
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '../command.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The objects of a manifest, or kubectl's error text (without "error: "). `file` is the -f value as typed. */
export function decodeManifest(text: string, file: string): ManifestObject[] | { error: string } {
  const docs = parseAllDocuments(text);
  const out: ManifestObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const first = doc.errors[0];
    if (first) {
      // Go's yaml.v2 words its errors differently ("yaml: line 1: did not find expected node
      // content"); the line is the same, the wording after it is the `yaml` library's.
      const line = first.linePos?.[0]?.line ?? 1;
      return { error: `error parsing ${file}: error converting YAML to JSON: yaml: line ${line}: ${first.message.split('\n')[0] ?? ''}` };
    }
    const value: unknown = doc.toJS();
    // An empty document (a trailing ---) is skipped, as kubectl's YAML reader skips it.
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) {
      const t = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
      return { error: `unable to decode ${JSON.stringify(file)}: json: cannot unmarshal ${t} into Go value of type unstructured.detector` };
    }
    const apiVersion = typeof value['apiVersion'] === 'string' ? value['apiVersion'] : '';
    const kind = typeof value['kind'] === 'string' ? value['kind'] : '';
    if (kind === '') return { error: `unable to decode ${JSON.stringify(file)}: Object 'Kind' is missing in '${JSON.stringify(value)}'` };
    if (apiVersion === '') return { error: `unable to decode ${JSON.stringify(file)}: Object 'apiVersion' is missing in '${JSON.stringify(value)}'` };
    const meta = isRecord(value['metadata']) ? value['metadata'] : {};
    const name = typeof meta['name'] === 'string' ? meta['name'] : '';
    const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : null;
    out.push({ object: value, apiVersion, kind, name, namespace });
  }
  // None at all: the caller words it for its verb ("no objects passed to apply").
  return out;
}

/** apiVersion "apps/v1" → group "apps", version "v1"; "v1" → the core group. */
export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
