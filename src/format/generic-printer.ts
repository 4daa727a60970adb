// kubectl get's printGeneric (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go): the path for -o json,
// -o yaml and -o name. Every object of every page is gathered; unless exactly one object was asked for
// by name, they are wrapped in a fresh {"kind": "List", "apiVersion": "v1"} whose resourceVersion is
// empty (the server's list metadata is not kept). managedFields are dropped unless
// --show-managed-fields (which kube-trace does not offer).

import { printJson } from './json-printer.js';
import { printYaml } from './yaml-printer.js';
import { metadataOf, objectsOfPages, type JsonObject } from './response-shapes.js';

export type GenericOutput = 'json' | 'yaml' | 'name';

export interface GenericPrintResult {
  text: string;
  objectCount: number;
}

// OmitManagedFieldsPrinter: unstructured SetManagedFields(nil) deletes metadata.managedFields.
function withoutManagedFields(obj: JsonObject): JsonObject {
  const meta = metadataOf(obj);
  if (!meta || !('managedFields' in meta)) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

// NamePrinter: "<kind lower-cased>[.<group>]/<name>" per object.
function nameLine(obj: JsonObject): string {
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const rawName = metadataOf(obj)?.['name'];
  const name = typeof rawName === 'string' && rawName !== '' ? rawName : '<unknown>';
  return group === '' ? `${kind.toLowerCase()}/${name}\n` : `${kind.toLowerCase()}.${group}/${name}\n`;
}

export function printGeneric(pages: unknown[], output: GenericOutput, singleItemImplied: boolean): GenericPrintResult {
  const objects = objectsOfPages(pages);
  if (output === 'name') {
    return { text: objects.map(nameLine).join(''), objectCount: objects.length };
  }
  const first = objects[0];
  const single = singleItemImplied && objects.length === 1 && first !== undefined;
  const printed: JsonObject = single
    ? withoutManagedFields(first)
    : { apiVersion: 'v1', items: objects.map(withoutManagedFields), kind: 'List', metadata: { resourceVersion: '' } };
  return { text: output === 'json' ? printJson(printed) : printYaml(printed), objectCount: objects.length };
}
