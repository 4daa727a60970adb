// Runs the steps of one trace on demand, each at most once, each after the steps it needs — and only
// when those went through. A stage asks for the steps it projects; the first stage that needs the
// list is the one that sends it.
import { DEFAULT_PRINT_FLAGS, readTemplateFile, templateFilePath } from '../../format/index.js';
import type { HttpExchange } from '../../kube/types.js';
import { isWrite, type GetCommand, type TraceCommand, type TraceEnvironment, type WriteCommand } from '../command.js';
import type { StageName } from '../plan.js';
import { loadConfig } from './config.js';
import { connect } from './connect.js';
import { discover } from './discover.js';
import { glassBox, glassBoxFor } from './glass-box.js';
import { auditIdOfWrite, openApiCheck, planWrites, writeAll } from './write.js';
import { cacheState } from './discover.js';
import { listAll } from './list.js';
import { planRequests } from './request-plan.js';
import { reviews } from './reviews.js';
import { TraceSession } from './session.js';
import { versions } from './versions.js';
import { watchAfterList } from './watch.js';
import type { ConfigOutput, DiscoveryOutput, ListOutput, StepName, StepOutputs, StepResults } from './types.js';

/** Whether kubectl's request got an HTTP answer on every page it sent (a network failure leaves nobody to ask). */
export function reachedServer(l: ListOutput): boolean {
  return !l.pages.some((p) => p.failure !== null && p.exchange.status === null);
}

type StepDef<K extends StepName> = {
  /** Steps that must have run and not refused. */
  after: readonly StepName[];
  run(r: StepRunner): Promise<StepOutputs[K]> | StepOutputs[K];
};

const STEPS: { [K in StepName]: StepDef<K> } = {
  config: {
    after: [],
    run(r) {
      const { output, kube } = loadConfig(r.cmd, r.env);
      if (kube) r.session.setKube(kube);
      return output;
    },
  },
  connect: { after: ['config'], run: (r) => connect(r.cmd, r.env, r.session) },
  versions: { after: ['connect'], run: (r) => versions(r.cmd, r.env, r.session) },
  discovery: {
    after: ['versions'],
    run: async (r) => {
      // apply / create -f: kubectl reads the server's OpenAPI first; when that stops it, discovery never happens.
      if (isWrite(r.cmd)) {
        await r.ensure('openapi');
        const check = r.value('openapi');
        if (check.error !== null) return { ok: false, error: check.error, discovery: { exchanges: [], cache: cacheState(r.env, r.session.kube().server), format: 'legacy' } };
      }
      return discover(r.cmd, r.env, r.session, r.value('versions').kubectl);
    },
  },
  requestPlan: { after: ['config', 'discovery'], run: (r) => planRequests(r.getCommand(), r.config().data, r.discovery().mappings, r.session, r.value('versions').kubectl) },
  list: { after: ['requestPlan'], run: (r) => listAll(r.getCommand(), r.value('requestPlan').requests, r.session, r.value('versions').kubectl) },
  printTemplate: {
    after: ['list'],
    run: (r) => {
      const path = templateFilePath({ ...DEFAULT_PRINT_FLAGS, ...(r.cmd.print ?? {}) });
      return { file: path === null ? null : readTemplateFile(path) };
    },
  },
  reviews: { after: ['list'], run: (r) => reviews(r.getCommand(), r.env, r.session, r.discovery().mapping, r.config().data, reachedServer(r.value('list'))) },
  glassBox: { after: ['list'], run: (r) => glassBox(r.env, r.session, r.value('list'), reachedServer(r.value('list'))) },
  watch: {
    after: ['list'],
    run: (r) => {
      const plan = r.value('requestPlan').requests[0];
      if (plan === undefined) throw new Error('kube-trace step order: no request to watch');
      return watchAfterList(r.getCommand(), plan, r.value('list'), r.session, r.value('versions').kubectl, r.env.watchSignal, (snap) => r.progress?.('watch', snap));
    },
  },
  writeReviews: {
    after: ['write'],
    run: (r) => {
      const cmd = r.writeCommand();
      const written = r.value('write');
      const plan = r.value('writePlan');
      const first = plan.ok ? plan.objects[0] : undefined;
      const done = written.objects[0];
      const reached = done !== undefined && done.exchanges.some((x) => x.exchange.status !== null);
      if (first === undefined || done === undefined) return reviews(cmd, r.env, r.session, r.discovery().mapping, r.config().data, false);
      const wrote = done.exchanges.find((x) => x.role === 'write');
      // An unchanged apply only read the object: the question is then whether you may get it.
      const verb = cmd.write.verb === 'delete' ? 'delete' : wrote === undefined ? 'get' : wrote.exchange.method === 'PATCH' ? 'patch' : 'create';
      const attributes = { verb, resource: first.mapping.resource, group: first.mapping.group, namespace: first.namespace, ...(verb === 'create' ? {} : { name: first.name }) };
      return reviews(cmd, r.env, r.session, first.mapping, r.config().data, reached, attributes);
    },
  },
  openapi: { after: ['versions'], run: (r) => openApiCheck(r.writeCommand(), r.session, r.value('versions').kubectl) },
  writePlan: { after: ['config', 'discovery'], run: (r) => planWrites(r.writeCommand(), r.config().data, r.discovery().mappings, r.session, r.value('versions').kubectl) },
  write: {
    after: ['writePlan'],
    run: (r) => {
      const plan = r.value('writePlan');
      if (!plan.ok) throw new Error('kube-trace step order: the write plan was refused');
      return writeAll(r.writeCommand(), plan, r.session, r.value('versions').kubectl);
    },
  },
  writeGlassBox: { after: ['write'], run: (r) => glassBoxFor(r.env, r.session, auditIdOfWrite(r.value('write'))) },
};

function refused(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'ok' in v && v.ok === false;
}

/** Where the stages get their step results from: a live run, or a recording. */
export interface StepSource {
  ensure(name: StepName): Promise<boolean>;
  readonly done: StepResults;
  exchanges(): HttpExchange[];
  /** A recording's stage durations replace the measured ones. */
  durationOf?: (stage: StageName) => number | undefined;
  /** Told of a snapshot of a long step while it runs (the watch, after each event); set by the engine. */
  progress?: (<K extends StepName>(name: K, snapshot: StepOutputs[K]) => void) | undefined;
  close(): void;
}

/** What a recording holds for a replay. */
export interface RecordedSteps {
  steps: StepResults;
  exchanges: HttpExchange[];
  durations: Partial<Record<StageName, number>>;
}

export class RecordedStepSource implements StepSource {
  constructor(private readonly rec: RecordedSteps) {}

  ensure(name: StepName): Promise<boolean> {
    return Promise.resolve(this.rec.steps[name] !== undefined);
  }

  get done(): StepResults {
    return this.rec.steps;
  }

  exchanges(): HttpExchange[] {
    return [...this.rec.exchanges];
  }

  durationOf = (stage: StageName): number | undefined => this.rec.durations[stage];

  close(): void {
    // nothing was opened
  }
}

export class StepRunner implements StepSource {
  readonly session: TraceSession;
  progress?: (<K extends StepName>(name: K, snapshot: StepOutputs[K]) => void) | undefined;
  readonly results: Partial<StepOutputs> = {};

  /** The command as `get`'s steps read it (only `get`'s plan runs them). */
  getCommand(): GetCommand {
    if (isWrite(this.cmd)) throw new Error(`kube-trace step order: a ${this.cmd.verb} has no list`);
    return this.cmd;
  }

  /** The command as the write steps read it (only a write's plan runs them). */
  writeCommand(): WriteCommand {
    if (!isWrite(this.cmd)) throw new Error('kube-trace step order: get writes nothing');
    return this.cmd;
  }
  private readonly running = new Map<StepName, Promise<boolean>>();

  constructor(
    readonly cmd: TraceCommand,
    readonly env: TraceEnvironment,
    keepBodies = false,
  ) {
    this.session = new TraceSession(keepBodies);
  }

  exchanges(): HttpExchange[] {
    return this.session.exchanges();
  }

  /** What has run so far (read-only for the stages). */
  get done(): StepResults {
    return this.results;
  }

  /**
   * Runs a step once (with the steps it needs first). True when it ran; false when a step before it
   * refused, so it could not.
   */
  ensure(name: StepName): Promise<boolean> {
    let p = this.running.get(name);
    if (p === undefined) {
      p = this.runOnce(name);
      this.running.set(name, p);
    }
    return p;
  }

  private async runOnce(name: StepName): Promise<boolean> {
    for (const before of STEPS[name].after) {
      if (!(await this.ensure(before)) || refused(this.results[before])) return false;
    }
    await this.store(name, STEPS[name]);
    return true;
  }

  private async store<K extends StepName>(name: K, def: StepDef<K>): Promise<void> {
    this.results[name] = await def.run(this);
  }

  /** A step that has run (its `after` list guarantees it for the steps that read it). */
  value<K extends StepName>(name: K): StepOutputs[K] {
    const v = this.results[name];
    if (v === undefined) throw new Error(`kube-trace step order: "${name}" has not run`);
    return v;
  }

  config(): ConfigOutput {
    const c = this.value('config');
    if (!c.ok) throw new Error('kube-trace step order: the kubeconfig was refused');
    return c;
  }

  discovery(): DiscoveryOutput {
    const d = this.value('discovery');
    if (!d.ok) throw new Error('kube-trace step order: discovery was refused');
    return d;
  }

  close(): void {
    this.session.close();
  }
}
