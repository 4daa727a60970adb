// kubectl get's resource arguments, as cli-runtime's builder reads them (ResourceTypeOrNameArgs):
// `TYPE[,TYPE…] [NAME…]` — every type with every name, types deduplicated — or `TYPE/NAME …`, every
// argument in that form. Errors in kubectl's words (checked against kubectl 1.33).

/** One request kubectl makes: a type as typed, and a name (null: list them). */
export interface ResourceTarget {
  resource: string;
  name: string | null;
}

export type ResourceArgs = { targets: ResourceTarget[] } | { error: string };

/** `binary` is what kubectl calls itself in its messages (the file it ran as). */
export function parseResourceArgs(args: readonly string[], binary = 'kubectl'): ResourceArgs {
  const [first, ...rest] = args;
  if (first === undefined) return { targets: [] };
  if (first.includes('/')) {
    const targets: ResourceTarget[] = [];
    for (const a of args) {
      if (!a.includes('/')) {
        return { error: `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${binary} get resource/<resource_name>' instead of '${binary} get resource resource/<resource_name>'` };
      }
      const parts = a.split('/');
      if (parts.length > 2) return { error: 'arguments in resource/name form may not have more than one slash' };
      const [resource = '', name = ''] = parts;
      if (resource === '' || name === '') return { error: 'arguments in resource/name form must have a single resource and name' };
      targets.push({ resource, name });
    }
    return { targets };
  }
  if (rest.some((a) => a.includes('/'))) {
    return { error: `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${binary} get resource/<resource_name>' instead of '${binary} get resource resource/<resource_name>'` };
  }
  const types = [...new Set(first.split(',').filter((t) => t !== ''))];
  if (types.length === 0) return { error: `Required resource not specified.` };
  if (rest.length === 0) return { targets: types.map((resource) => ({ resource, name: null })) };
  return { targets: types.flatMap((resource) => rest.map((name) => ({ resource, name }))) };
}
