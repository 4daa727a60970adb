// @peculiar/x509 uses tsyringe, which refuses to load without a Reflect metadata polyfill
// ("tsyringe requires a reflect polyfill"). The `reflect-metadata` package is not a dependency, so
// this provides the few functions tsyringe calls. Import it before @peculiar/x509.

type Target = object;
type MetadataMap = Map<string | symbol | undefined, Map<unknown, unknown>>;

interface ReflectWithMetadata {
  getMetadata?: unknown;
}

const store = new WeakMap<Target, MetadataMap>();

function table(target: Target, property: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

function getOwnMetadata(key: unknown, target: Target, property?: string | symbol): unknown {
  return table(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: Target, property?: string | symbol): unknown {
  for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
    const entries = table(t, property, false);
    if (entries?.has(key)) return entries.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: Target, property?: string | symbol): void {
  table(target, property, true)?.set(key, value);
}

const reflect = Reflect as unknown as ReflectWithMetadata & Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  Object.assign(reflect, {
    getMetadata,
    getOwnMetadata,
    defineMetadata,
    hasMetadata: (key: unknown, target: Target, property?: string | symbol) => getMetadata(key, target, property) !== undefined,
    hasOwnMetadata: (key: unknown, target: Target, property?: string | symbol) => getOwnMetadata(key, target, property) !== undefined,
    metadata: (key: unknown, value: unknown) => (target: Target, property?: string | symbol) => defineMetadata(key, value, target, property),
  });
}

export {};
