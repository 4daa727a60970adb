// What the write path needs to know of the built-in types' schemas: which lists merge by key (the
// Go types' patchMergeKey/patchStrategy tags, used by strategic merge patch, and the
// listType=map/listMapKey markers, used by server-side apply and managedFields), which are sets, and
// which values are atomic. Keyed by field name (with the parent's where a name means two things).
// Lists not named here are atomic and replaced whole, as kube does for lists without markers.

export type ListSemantics = { type: 'map'; keys: readonly string[] } | { type: 'set' } | { type: 'atomic' };

const BY_NAME: Record<string, ListSemantics> = {
  containers: { type: 'map', keys: ['name'] },
  initContainers: { type: 'map', keys: ['name'] },
  ephemeralContainers: { type: 'map', keys: ['name'] },
  env: { type: 'map', keys: ['name'] },
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
  resizePolicy: { type: 'map', keys: ['resourceName'] },
  volumes: { type: 'map', keys: ['name'] },
  imagePullSecrets: { type: 'map', keys: ['name'] },
  hostAliases: { type: 'map', keys: ['ip'] },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
  schedulingGates: { type: 'map', keys: ['name'] },
  resourceClaims: { type: 'map', keys: ['name'] },
  ownerReferences: { type: 'map', keys: ['uid'] },
  conditions: { type: 'map', keys: ['type'] },
  finalizers: { type: 'set' },
};

/** `path` is the field names from the object's root to the list (list positions left out). */
export function listSemantics(path: readonly string[]): ListSemantics {
  const name = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  // A container's ports merge by port and protocol; a Service's by port and protocol too (ServicePort).
  if (name === 'ports') return parent === 'spec' ? { type: 'map', keys: ['port', 'protocol'] } : { type: 'map', keys: ['containerPort', 'protocol'] };
  return BY_NAME[name] ?? { type: 'atomic' };
}

/** The strategic-merge-patch merge key of a list (patchMergeKey; the first key of a list map), or null: replace. */
export function patchMergeKey(path: readonly string[]): string | null {
  // 'primitive-merge' (a list of scalars merged as a set: finalizers) is a value no merge key can have.
  const s = listSemantics(path);
  if (s.type === 'set') return 'primitive-merge';
  if (s.type !== 'map') return null;
  // conditions and topologySpreadConstraints merge by their first key in the Go tags; ports by containerPort/port.
  return s.keys[0] ?? null;
}

/** Values server-side apply treats as one field: a LabelSelector (structType=atomic) and, by kube's schema, a few maps. */
export function isAtomicMap(path: readonly string[], value: unknown): boolean {
  const name = path[path.length - 1] ?? '';
  if (name === 'selector' && value !== null && typeof value === 'object' && ('matchLabels' in value || 'matchExpressions' in value)) return true;
  return name === 'nodeSelector' ? false : name === 'matchLabels' && path.includes('selector');
}
