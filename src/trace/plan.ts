// The stages a trace walks through, chosen per verb. This is the one place where stage names, titles
// and their order are defined: the engine, the UI, the renderers, the key bindings and the lessons
// read them from here (or from the plan a run carries), never from constants of their own.
//
// Deliberately tiny and free of I/O: the interactive view loads it before the engine (client-node)
// so its first frame does not wait.

/** Every stage any plan can hold. A plan picks some of them, in its own order. */
export const STAGE_CATALOGUE = {
  parse: { title: 'Parse the command line' },
  kubeconfig: { title: 'Load the kubeconfig' },
  request: { title: 'Build the HTTP request' },
  authz: { title: 'Authenticate and authorize' },
  etcd: { title: 'Read from storage (etcd)' },
  response: { title: 'Receive the response' },
  format: { title: 'Format the output' },
  watch: { title: 'Watch for changes' },
  admission: { title: 'Admission: mutate and validate' },
  write: { title: 'Write to storage (etcd)' },
  // The write's last stage: the event its write gave every watcher (get -w's "watch" is the other).
  watched: { title: 'Watch the change' },
} as const satisfies Record<string, { title: string }>;

export type StageName = keyof typeof STAGE_CATALOGUE;

/** Every stage name, in catalogue order (a lesson file exists for each). */
export const STAGE_NAMES = Object.keys(STAGE_CATALOGUE) as StageName[];

export interface StageSpec {
  name: StageName;
  title: string;
  /**
   * True for the stage whose run sends kubectl's main request (the list or the GET): the learner
   * decides when that happens, and the UI says so on the stage before it.
   */
  sendsMainRequest: boolean;
}

export type Verb = 'get' | 'apply' | 'create' | 'delete' | 'run';

export interface TracePlan {
  verb: Verb;
  stages: readonly StageSpec[];
}

function plan(verb: Verb, names: readonly StageName[], sendsAt: StageName): TracePlan {
  return { verb, stages: names.map((name) => ({ name, title: STAGE_CATALOGUE[name].title, sendsMainRequest: name === sendsAt })) };
}

/** `get`: discovery and the request plan, then the list (sent when the learner leaves "request"). */
export const GET_PLAN: TracePlan = plan('get', ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format'], 'authz');

/**
 * `get -w`: the same list and its printing, then the watch from the list's resourceVersion (kubectl
 * prints the list before it opens the watch, so "format" comes first).
 */
export const GET_WATCH_PLAN: TracePlan = plan('get', ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format', 'watch'], 'authz');

/** The stages of `get` (without -w), in order. */
export const GET_STAGE_NAMES: readonly StageName[] = GET_PLAN.stages.map((s) => s.name);

/** The stages of a write, in the order kube-apiserver meets them; the write is sent when the learner leaves "request". */
const WRITE_STAGES: readonly StageName[] = ['parse', 'kubeconfig', 'request', 'authz', 'admission', 'write', 'response', 'watched'];

export const APPLY_PLAN: TracePlan = plan('apply', WRITE_STAGES, 'authz');
export const CREATE_PLAN: TracePlan = plan('create', WRITE_STAGES, 'authz');
export const DELETE_PLAN: TracePlan = plan('delete', WRITE_STAGES, 'authz');
export const RUN_PLAN: TracePlan = plan('run', WRITE_STAGES, 'authz');

const PLANS: Record<Verb, TracePlan> = { get: GET_PLAN, apply: APPLY_PLAN, create: CREATE_PLAN, delete: DELETE_PLAN, run: RUN_PLAN };

/** The plan of a command: per verb, and for -w / --watch-only (a get) the watch plan. */
export function planFor(command: { verb: Verb; watch?: unknown }): TracePlan {
  if (command.watch !== undefined) return GET_WATCH_PLAN;
  return PLANS[command.verb];
}

export function stageTitle(name: StageName): string {
  return STAGE_CATALOGUE[name].title;
}

/** The position of a stage in a plan, or -1 when the plan does not hold it. */
export function stageIndex(p: TracePlan, name: StageName): number {
  return p.stages.findIndex((s) => s.name === name);
}
