// What client-go's rest.Request refuses before it builds a URL: a namespace or a name that cannot be
// one path segment (apimachinery's path.IsValidPathSegmentName), and an empty name. kubectl's builder
// calls Namespace / Name after discovery, so such a request is never sent; its error is kept and
// printed with the others (checked against kubectl 1.27, 1.32 and 1.33).
import { goQuote } from '../../format/go-fmt.js';
import type { StageError } from '../../kube/types.js';

const MAY_NOT_BE = ['.', '..'];
const MAY_NOT_CONTAIN = ['/', '%'];

/** path.IsValidPathSegmentName: why `name` cannot be a path segment (empty when it can). */
export function pathSegmentProblems(name: string): string[] {
  for (const bad of MAY_NOT_BE) if (name === bad) return [`may not be '${bad}'`];
  return MAY_NOT_CONTAIN.filter((bad) => name.includes(bad)).map((bad) => `may not contain '${bad}'`);
}

/** What refuses the request, in client-go's words; null when it can be built. */
export interface PathRefusal {
  /** client-go's error text (no "error: ": checkErr adds that where kubectl prints it). */
  text: string;
  what: 'namespace' | 'name';
  /** The value as given. */
  value: string;
  /** IsValidPathSegmentName's reasons (none for an empty name). */
  problems: string[];
}

/**
 * The first of Request.NamespaceIfScoped(namespace, namespaced) and Request.Name(name) that fails
 * (the first error sticks). `namespace` "" is -A's "every namespace": no segment, nothing to refuse.
 */
export function pathRefusal(namespace: string | null, namespaced: boolean, name: string | null): PathRefusal | null {
  if (namespaced && namespace !== null) {
    const problems = pathSegmentProblems(namespace);
    if (problems.length > 0) return { text: `invalid namespace ${goQuote(namespace)}: [${problems.join(' ')}]`, what: 'namespace', value: namespace, problems };
  }
  if (name === null) return null;
  if (name === '') return { text: 'resource name may not be empty', what: 'name', value: name, problems: [] };
  const problems = pathSegmentProblems(name);
  return problems.length > 0 ? { text: `invalid resource name ${goQuote(name)}: [${problems.join(' ')}]`, what: 'name', value: name, problems } : null;
}

/** The refusal as a stage error; `fromContext`: the namespace came from the kubeconfig context. */
export function refusalError(r: PathRefusal, fromContext: boolean): StageError {
  const nothing = 'Nothing was sent.';
  if (r.what === 'name' && r.value === '') {
    return { kind: 'usage', message: 'The resource name is empty, and kubectl\'s client refuses to build a request for it (resource name may not be empty).', hint: `${nothing} Give the object's name, or leave the name out to list them all.`, kubectlMessage: r.text };
  }
  const why = r.problems.join(', ');
  if (r.what === 'name') {
    return { kind: 'usage', message: `The name ${goQuote(r.value)} cannot be one segment of a URL path (${why}), so kubectl's client refuses to build the request.`, hint: `${nothing} Object names are lower-case letters, digits, '-' and '.', as the object's metadata.name shows them.`, kubectlMessage: r.text };
  }
  return {
    kind: fromContext ? 'kubeconfig-invalid' : 'usage',
    message: `The namespace ${goQuote(r.value)} cannot be one segment of a URL path (${why}), so kubectl's client refuses to build the request.`,
    hint: `${nothing} A namespace is a DNS label (lower-case letters, digits and '-'): check ${fromContext ? "the context's namespace in the kubeconfig" : '-n / --namespace'}.`,
    kubectlMessage: r.text,
  };
}

/**
 * How kubectl prints refused requests (get.go, checkErr): one request alone asked by name, or any
 * -o json/yaml/name…, gets "error: "; a list in a table is an aggregate of one (no prefix); several
 * errors are one line each, unprefixed.
 */
export function refusalLines(refused: readonly StageError[], human: boolean, aloneByName: boolean): string {
  const texts = refused.map((e) => e.kubectlMessage ?? e.message);
  if (texts.length !== 1) return texts.join('\n');
  return !human || aloneByName ? `error: ${texts[0] ?? ''}` : (texts[0] ?? '');
}
