// The walkthrough's state machine, without rendering: each key and each trace event, and the edges
// (an overlay then Esc, Esc twice, next past the last stage, a jump beyond the plan, an interrupt
// while the request is in flight, a quit with stages unseen, presenter mode kept from stage to stage). Plans other than `get`'s are made up here from the catalogue, to
// show that nothing in it counts seven stages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GET_PLAN, STAGE_CATALOGUE, type StageName, type TracePlan } from '../../src/trace/plan.js';
import type { KeyAction } from '../../src/ui/keys.js';
import type { AppStart, AppState, Layout, TraceFacts } from '../../src/ui/state/appReducer.js';
import { EXIT_INTERRUPTED, appReducer, initialAppState, nextSendsRequest, requestSent, sendingStage, traceFacts, unseenStages } from '../../src/ui/state/appReducer.js';
import type { TraceSnapshot } from '../../src/ui/hooks/traceDriver.js';

/** A plan of these stages, in this order, with `sends` sending kubectl's main request. */
function planOf(names: StageName[], sends: StageName): TracePlan {
  return { verb: 'get', stages: names.map((name) => ({ name, title: STAGE_CATALOGUE[name].title, sendsMainRequest: name === sends })) };
}

const FIVE = planOf(['parse', 'kubeconfig', 'request', 'etcd', 'format'], 'etcd');

function start(over: Partial<AppStart> = {}): AppState {
  const plan = over.plan ?? GET_PLAN;
  return initialAppState({ plan, startStage: null, noPause: false, notice: false, ...over });
}

/** A panel of 10 rows and 80 columns showing 100 rows of content (scrollable), with a lesson of 4 pages, unless told otherwise. */
const TALL: Layout = { total: 100, height: 10, width: 80, contentWidth: 0, lessonPages: 4 };
const fits = (total: number, height: number): Layout => ({ ...TALL, total, height });

function press(state: AppState, ...keys: (KeyAction | KeyAction['type'])[]): AppState {
  return keys.reduce((s, k) => appReducer(s, { type: 'key', key: typeof k === 'string' ? ({ type: k } as KeyAction) : k, layout: TALL }), state);
}

function pressOn(state: AppState, layout: Layout, key: KeyAction): AppState {
  return appReducer(state, { type: 'key', key, layout });
}

function traced(state: AppState, facts: Partial<TraceFacts>): AppState {
  return appReducer(state, { type: 'trace', trace: { done: false, failedAt: null, exitCode: 0, complete: false, ...facts } });
}

const FINISHED: Partial<TraceFacts> = { done: true, complete: true, exitCode: 0 };
const FAILED_AT_AUTHZ: Partial<TraceFacts> = { done: true, complete: true, failedAt: 3, exitCode: 1 };

describe('the first screen', () => {
  test('is the first stage of the plan, asking the trace for that stage only', () => {
    const s = start();
    assert.equal(s.view, 0);
    assert.equal(s.demand, 0);
    assert.deepEqual(s.screen, { overlay: null, details: false, scrollTop: 0, scrollLeft: 0 });
    assert.equal(s.exit, null);
  });

  test('shows the notice when there is one', () => {
    assert.equal(start({ notice: true }).noticeVisible, true);
    assert.equal(start().noticeVisible, false);
  });

  test('--stage starts on that stage of the plan, asking for every stage up to it', () => {
    const s = start({ startStage: 'etcd' });
    assert.equal(s.view, 4);
    assert.equal(s.demand, 4);
    assert.equal(start({ plan: FIVE, startStage: 'etcd' }).view, 3, 'where this plan puts it');
  });

  test('--stage naming a stage the plan does not have starts on the first stage', () => {
    assert.equal(start({ plan: FIVE, startStage: 'authz' }).view, 0);
  });

  test('--no-pause starts on the summary and asks for the whole trace and its report', () => {
    const s = start({ noPause: true });
    assert.equal(s.view, 'summary');
    assert.equal(s.demand, GET_PLAN.stages.length);
  });
});

describe('next and back', () => {
  test('next moves one stage on and asks the trace to run it', () => {
    const s = press(start(), 'next');
    assert.equal(s.view, 1);
    assert.equal(s.demand, 1);
  });

  test('keys count from the view the previous key chose, however fast they come', () => {
    const s = press(start(), 'next', 'next', 'next', 'back');
    assert.equal(s.view, 2);
    assert.equal(s.demand, 3, 'the stage passed on the way has been asked for');
  });

  test('next on the last stage shows the summary and asks for the report', () => {
    const s = press(start({ startStage: 'format' }), 'next');
    assert.equal(s.view, 'summary');
    assert.equal(s.demand, 7);
    const five = press(start({ plan: FIVE, startStage: 'format' }), 'next');
    assert.equal(five.view, 'summary');
    assert.equal(five.demand, 5);
  });

  test('next past the last stage: on the summary it waits for the trace, then leaves with kubectl\'s exit code', () => {
    const summary = press(start({ startStage: 'format' }), 'next');
    assert.equal(press(summary, 'next'), summary, 'nothing happens while the trace is still finishing');
    const done = press(traced(summary, FINISHED), 'next');
    assert.equal(done.prompt, 'quit', 'six stages were never on screen: it asks once');
    assert.deepEqual(press(done, 'next').exit, { code: 0, output: 'keep' });
  });

  test('with --no-pause, next on the summary does nothing: only q leaves', () => {
    const s = traced(start({ noPause: true }), FINISHED);
    assert.equal(press(s, 'next').exit, null);
    assert.deepEqual(press(s, 'quit').exit, { code: 0, output: 'keep' }, 'with --no-pause the summary was the choice: no question');
  });

  test('back goes one stage back, and never lowers what the trace was asked for (nothing runs again)', () => {
    const s = press(start({ startStage: 'etcd' }), 'back');
    assert.equal(s.view, 3);
    assert.equal(s.demand, 4);
  });

  test('back on the first stage stays there', () => {
    assert.equal(press(start(), 'back').view, 0);
  });

  test('back from the summary goes to the plan\'s last stage', () => {
    assert.equal(press(start({ noPause: true }), 'back').view, 6);
    assert.equal(press(start({ plan: FIVE, noPause: true }), 'back').view, 4);
  });
});

describe('jumping with the number keys', () => {
  test('a jump goes to that stage and asks for every stage up to it', () => {
    const s = press(start(), { type: 'jump', index: 5 });
    assert.equal(s.view, 5);
    assert.equal(s.demand, 5);
  });

  test('a jump back keeps what has run', () => {
    const s = press(start(), { type: 'jump', index: 5 }, { type: 'jump', index: 1 });
    assert.equal(s.view, 1);
    assert.equal(s.demand, 5);
  });

  test('a jump beyond the plan changes nothing', () => {
    const s = start();
    assert.equal(press(s, { type: 'jump', index: 7 }), s);
    assert.equal(press(s, { type: 'jump', index: -1 }), s);
    const five = start({ plan: FIVE });
    assert.equal(press(five, { type: 'jump', index: 5 }), five, 'key 6 means nothing in a five-stage plan');
    assert.equal(press(five, { type: 'jump', index: 4 }).view, 4);
  });
});

describe('sending kubectl\'s main request', () => {
  test('the plan says which stage sends it', () => {
    assert.equal(sendingStage(GET_PLAN), 3);
    assert.equal(sendingStage(FIVE), 3);
    assert.equal(sendingStage(planOf(['parse', 'kubeconfig'], 'format')), -1);
  });

  test('on the stage before it, "next" is the key that sends it: it asks for the sending stage', () => {
    const onRequest = press(start(), { type: 'jump', index: 2 });
    assert.equal(nextSendsRequest(onRequest), true);
    const sent = press(onRequest, 'next');
    assert.equal(sent.demand, sendingStage(GET_PLAN));
    assert.equal(nextSendsRequest(press(sent, 'back')), false, 'once sent, going back does not offer to send it again');
  });

  test('no other stage says so', () => {
    for (const index of [0, 1, 3, 4, 5, 6]) assert.equal(nextSendsRequest(press(start(), { type: 'jump', index })), false, `stage ${index + 1}`);
    assert.equal(nextSendsRequest(start({ noPause: true })), false, 'nor the summary');
  });

  test('in another plan, the stage before its sending stage says so', () => {
    const five = start({ plan: FIVE });
    assert.equal(nextSendsRequest(press(five, { type: 'jump', index: 2 })), true);
    assert.equal(press(five, { type: 'jump', index: 2 }, 'next').demand, 3);
  });

  test('a jump past the sending stage sends it too', () => {
    const s = press(start(), { type: 'jump', index: 2 }, { type: 'jump', index: 6 }, { type: 'jump', index: 2 });
    assert.equal(nextSendsRequest(s), false);
  });
});

describe('overlays and details', () => {
  test('? opens help and ? closes it; c opens curl; c over help replaces it', () => {
    let s = press(start(), 'help');
    assert.equal(s.screen.overlay, 'help');
    assert.equal(press(s, 'help').screen.overlay, null);
    s = press(s, 'curl');
    assert.equal(s.screen.overlay, 'curl');
    assert.equal(press(s, 'curl').screen.overlay, null);
  });

  test('an overlay then Esc closes the overlay and stays on the stage', () => {
    const s = press(start({ startStage: 'request' }), 'help', 'escape');
    assert.equal(s.screen.overlay, null);
    assert.equal(s.view, 2);
    assert.equal(s.exit, null);
  });

  test('Esc twice: the first closes the overlay, the second says there is nothing to close and does not quit', () => {
    const once = press(start(), 'curl', 'escape');
    assert.equal(once.exit, null);
    const twice = press(once, 'escape');
    assert.equal(twice.exit, null);
    assert.equal(twice.leaving, false);
    assert.equal(twice.prompt, 'nothing-to-close');
    assert.equal(press(twice, { type: 'scroll', by: 1 }).prompt, null, 'the word lasts one key');
  });

  test('back with an overlay open closes it without moving', () => {
    const s = press(start({ startStage: 'etcd' }), 'help', 'back');
    assert.equal(s.screen.overlay, null);
    assert.equal(s.view, 4);
  });

  test('L opens the whole lesson on a stage, not on the summary', () => {
    assert.equal(press(start(), 'lessonFull').screen.overlay, 'lesson');
    assert.equal(press(start(), 'lessonFull', 'lessonFull').screen.overlay, null);
    assert.equal(press(start({ noPause: true }), 'lessonFull').screen.overlay, null);
  });

  test('d toggles the raw data on a stage; Esc closes it before it would quit', () => {
    const s = press(start(), 'details');
    assert.equal(s.screen.details, true);
    assert.equal(press(s, 'details').screen.details, false);
    const esc = press(s, 'escape');
    assert.equal(esc.screen.details, false);
    assert.equal(esc.exit, null);
  });

  test('d does nothing on the summary or under an overlay', () => {
    assert.equal(press(start({ noPause: true }), 'details').screen.details, false);
    assert.equal(press(start(), 'help', 'details').screen.details, false);
  });

  test('moving to another stage closes overlays and details and starts at the top', () => {
    const s = press(start(), 'details', { type: 'scroll', by: 5 }, 'next');
    assert.deepEqual(s.screen, { overlay: null, details: false, scrollTop: 0, scrollLeft: 0 });
    const h = press(start(), 'help', { type: 'jump', index: 3 });
    assert.equal(h.screen.overlay, null);
  });
});

describe('the lesson pages', () => {
  test('l turns the page of this stage\'s lesson (as many as the layout laid out) and comes round again after the last', () => {
    const s = press(start(), 'lessonNext', 'lessonNext', 'lessonNext');
    assert.equal(s.lessonPage[0], 3);
    assert.equal(press(s, 'lessonNext').lessonPage[0], 0);
  });

  test('each stage keeps its page when the learner moves on and back', () => {
    const s = press(start(), 'lessonNext', 'next', 'lessonNext', 'lessonNext', 'back');
    assert.deepEqual(s.lessonPage.slice(0, 3), [1, 2, 0]);
  });

  test('l does nothing on the summary or for a stage without a lesson', () => {
    const summary = start({ noPause: true });
    assert.equal(press(summary, 'lessonNext'), summary);
    const bare = start();
    assert.equal(pressOn(bare, { ...TALL, lessonPages: 0 }, { type: 'lessonNext' }), bare);
  });

  test('after a resize left fewer pages, the next page counts from the last one there is', () => {
    const s = press(start(), 'lessonNext', 'lessonNext', 'lessonNext');
    assert.equal(pressOn(s, { ...TALL, lessonPages: 2 }, { type: 'lessonNext' }).lessonPage[0], 0);
  });
});

describe('scrolling, within the layout the key was pressed on', () => {
  test('j and k move one row, and stop at the top', () => {
    assert.equal(press(start(), { type: 'scroll', by: 1 }, { type: 'scroll', by: 1 }).screen.scrollTop, 2);
    assert.equal(press(start(), { type: 'scroll', by: -1 }).screen.scrollTop, 0);
  });

  test('they stop at the last row: 100 rows in a 10-row panel end at 91 (one row is the indicator)', () => {
    const bottom = press(start(), 'bottom');
    assert.equal(bottom.screen.scrollTop, 91);
    assert.equal(press(bottom, { type: 'scroll', by: 1 }).screen.scrollTop, 91);
    assert.equal(press(bottom, 'top').screen.scrollTop, 0);
  });

  test('a page moves by the visible rows less one, so one row stays in sight', () => {
    const s = press(start(), { type: 'page', direction: 1 });
    assert.equal(s.screen.scrollTop, 8);
    assert.equal(press(s, { type: 'page', direction: -1 }).screen.scrollTop, 0);
  });

  test('content that fits does not scroll', () => {
    assert.equal(pressOn(start(), fits(5, 10), { type: 'scroll', by: 3 }).screen.scrollTop, 0);
    assert.equal(pressOn(start(), fits(5, 10), { type: 'bottom' }).screen.scrollTop, 0);
  });

  test('after the panel shrank (a resize), scrolling starts from the last row it can show', () => {
    const far = press(start(), 'bottom');
    assert.equal(pressOn(far, fits(20, 10), { type: 'scroll', by: -1 }).screen.scrollTop, 10);
  });

  test('opening or closing an overlay starts it at the top', () => {
    const s = press(start(), { type: 'scroll', by: 4 }, 'help');
    assert.equal(s.screen.scrollTop, 0);
  });
});

describe('the notice', () => {
  test('stays until the learner moves, then is gone for good', () => {
    const s = start({ notice: true });
    assert.equal(press(s, 'help', 'help', { type: 'scroll', by: 1 }).noticeVisible, true);
    assert.equal(press(s, 'next', 'back').noticeVisible, false);
  });
});

describe('following a failure with --stage', () => {
  test('a failure before the chosen stage is where the learner lands', () => {
    const s = traced(start({ startStage: 'format' }), FAILED_AT_AUTHZ);
    assert.equal(s.view, 3);
    assert.equal(s.followFailure, false);
  });

  test('only until the learner moves: after that the failure does not pull them back', () => {
    const s = traced(press(start({ startStage: 'format' }), 'back'), FAILED_AT_AUTHZ);
    assert.equal(s.view, 5);
  });

  test('without --stage the learner stays where they are', () => {
    const s = traced(press(start(), { type: 'jump', index: 6 }), FAILED_AT_AUTHZ);
    assert.equal(s.view, 6);
  });

  test('a failure at or after the chosen stage moves nothing', () => {
    assert.equal(traced(start({ startStage: 'authz' }), FAILED_AT_AUTHZ).view, 3);
    assert.equal(traced(start({ startStage: 'request' }), FAILED_AT_AUTHZ).view, 2);
  });

  test('the same facts again are the same state (nothing to redraw)', () => {
    const s = traced(start(), FINISHED);
    assert.equal(traced(s, FINISHED), s);
  });
});

describe('leaving', () => {
  test('q with stages not seen yet asks once: q again leaves, keeping kubectl\'s output', () => {
    const asked = press(start(), 'quit');
    assert.equal(asked.prompt, 'quit');
    assert.equal(asked.exit, null);
    assert.deepEqual(unseenStages(asked), [1, 2, 3, 4, 5, 6]);
    const again = press(asked, 'quit');
    assert.equal(again.leaving, true, 'the trace is run to its end first, so there is an output to print');
    assert.equal(again.demand, 7);
    assert.equal(again.exit, null);
    assert.deepEqual(traced(again, FINISHED).exit, { code: 0, output: 'keep' });
  });

  test('the question is asked once: after "stay", the next q leaves', () => {
    const stayed = press(start(), 'quit', 'escape');
    assert.equal(stayed.prompt, null);
    assert.equal(stayed.exit, null);
    assert.equal(press(stayed, 'quit').leaving, true);
  });

  test('x in answer leaves at once with nothing printed; before the trace finished it exits 0', () => {
    assert.deepEqual(press(start(), 'quit', 'discard').exit, { code: 0, output: 'discard' });
    assert.deepEqual(press(traced(start(), FAILED_AT_AUTHZ), 'quit', 'discard').exit, { code: 1, output: 'discard' });
  });

  test('x means nothing without the question', () => {
    const s = start();
    assert.equal(press(s, 'discard'), s);
  });

  test('any other key answers "stay" and does what it does', () => {
    const s = press(start(), 'quit', 'next');
    assert.equal(s.prompt, null);
    assert.equal(s.view, 1);
  });

  test('Q leaves without the question', () => {
    assert.equal(press(start(), 'quitNow').leaving, true);
    assert.deepEqual(press(traced(start(), FINISHED), 'quitNow').exit, { code: 0, output: 'keep' });
  });

  test('with every stage seen there is no question: q after the trace finished exits with kubectl\'s code for it', () => {
    const all = press(start(), 'next', 'next', 'next', 'next', 'next', 'next');
    assert.deepEqual(unseenStages(all), []);
    assert.deepEqual(press(traced(all, FAILED_AT_AUTHZ), 'quit').exit, { code: 1, output: 'keep' });
  });

  test('--stage counts only the stages shown: the ones before it are unseen', () => {
    assert.deepEqual(unseenStages(start({ startStage: 'etcd' })), [0, 1, 2, 3, 5, 6]);
  });

  test('while the trace finishes, Esc stays after all and Ctrl-C leaves at once', () => {
    const finishing = press(start(), 'quitNow');
    assert.equal(press(finishing, 'escape').leaving, false);
    assert.deepEqual(press(finishing, 'interrupt').exit, { code: 130, output: 'discard' });
    assert.equal(press(finishing, 'next'), finishing, 'other keys wait');
  });

  test('after an engine crash it exits 1', () => {
    const s = traced(start({ noPause: true }), { done: true, complete: false, exitCode: 1 });
    assert.deepEqual(press(s, 'quit').exit, { code: 1, output: 'keep' });
  });

  test('Ctrl-C exits 130, like an interrupted shell command; kubectl\'s output is kept only when there is one', () => {
    assert.deepEqual(press(start(), 'interrupt').exit, { code: EXIT_INTERRUPTED, output: 'discard' });
    assert.deepEqual(press(traced(start(), FINISHED), 'interrupt').exit, { code: EXIT_INTERRUPTED, output: 'keep' });
    assert.equal(EXIT_INTERRUPTED, 130);
  });

  test('Ctrl-C while the request is in flight exits 130 at once, without waiting for the trace', () => {
    const inFlight = press(start({ startStage: 'request' }), 'next');
    assert.equal(inFlight.demand, sendingStage(GET_PLAN));
    assert.equal(inFlight.trace.done, false);
    assert.deepEqual(press(inFlight, 'interrupt').exit, { code: 130, output: 'discard' });
  });

  test('once left, no key or trace event changes anything', () => {
    const gone = press(traced(start({ noPause: true }), FINISHED), 'quit');
    assert.notEqual(gone.exit, null);
    assert.equal(press(gone, 'next', 'help', 'interrupt'), gone);
    assert.equal(traced(gone, FAILED_AT_AUTHZ), gone);
  });
});

describe('without a keyboard', () => {
  test('the whole trace is asked for, and the UI leaves once it has finished, keeping kubectl\'s output', () => {
    const s = appReducer(start(), { type: 'noKeyboard' });
    assert.equal(s.demand, 7);
    assert.equal(s.exit, null);
    assert.deepEqual(traced(s, FAILED_AT_AUTHZ).exit, { code: 1, output: 'keep' });
  });

  test('a trace already finished leaves at once', () => {
    const s = appReducer(traced(start(), FINISHED), { type: 'noKeyboard' });
    assert.deepEqual(s.exit, { code: 0, output: 'keep' });
  });
});

describe('presenter mode and the lesson focus', () => {
  test('p turns presenter mode on and off, and it stays on from stage to stage', () => {
    const on = press(start(), 'presenter');
    assert.equal(on.presenter, true);
    assert.equal(press(on, 'next', 'next', 'back').presenter, true);
    assert.equal(press(on, 'presenter').presenter, false);
    assert.equal(start({ presenter: true }).presenter, true, '--present starts in it');
  });

  test('f shows the lesson alone, kept from stage to stage; not on the summary', () => {
    const f = press(start(), 'focus');
    assert.equal(f.lessonFocus, true);
    assert.equal(press(f, 'next', { type: 'jump', index: 5 }).lessonFocus, true);
    assert.equal(press(f, 'focus').lessonFocus, false);
    assert.equal(press(start({ noPause: true }), 'focus').lessonFocus, false);
  });

  test('p leaves the lesson focus: the live panel takes the screen', () => {
    const s = press(start(), 'focus', 'presenter');
    assert.equal(s.presenter, true);
    assert.equal(s.lessonFocus, false);
  });
});

describe('scrolling sideways', () => {
  const WIDE: Layout = { ...TALL, width: 80, contentWidth: 200 };
  test('] and [ move by a third of the panel, within the widest row', () => {
    const right = pressOn(start(), WIDE, { type: 'sideways', by: 1 });
    assert.equal(right.screen.scrollLeft, 26);
    let far = right;
    for (let i = 0; i < 10; i++) far = pressOn(far, WIDE, { type: 'sideways', by: 1 });
    assert.equal(far.screen.scrollLeft, 120, 'the last column shows at the right edge, no further');
    assert.equal(pressOn(right, WIDE, { type: 'sideways', by: -1 }).screen.scrollLeft, 0);
    assert.equal(pressOn(right, WIDE, { type: 'sideways', by: -1 }).screen.scrollLeft, 0, 'and not past the left edge');
  });

  test('rows that fit do not scroll sideways', () => {
    assert.equal(pressOn(start(), { ...TALL, contentWidth: 60 }, { type: 'sideways', by: 1 }).screen.scrollLeft, 0);
  });

  test('a move to another stage or g starts at the left edge again', () => {
    const right = pressOn(start(), WIDE, { type: 'sideways', by: 1 });
    assert.equal(press(right, 'next').screen.scrollLeft, 0);
    assert.equal(press(right, 'top').screen.scrollLeft, 0);
  });
});

describe('the request, sent or not', () => {
  test('requestSent follows what the learner asked for', () => {
    const onRequest = press(start(), { type: 'jump', index: 2 });
    assert.equal(requestSent(onRequest), false);
    assert.equal(requestSent(press(onRequest, 'next')), true);
  });
});

describe('exporting the curl line\'s credentials', () => {
  const exporting = (s: AppState): AppState => press(s, 'curl', 'export');
  test('e in the curl overlay asks for them, once, when this run can write them', () => {
    const s = exporting(start({ canExport: true }));
    assert.deepEqual(s.credentials, { status: 'writing' });
    assert.equal(press(s, 'export'), s, 'not twice while writing');
    const done = appReducer(s, { type: 'credentials', result: { ok: true, credentials: { dir: '/d', files: [], removedOnExit: true } } });
    assert.equal(done.credentials.status, 'written');
    assert.equal(press(done, 'export').credentials, done.credentials, 'nor once written');
  });

  test('e does nothing outside the curl overlay, or for a real cluster', () => {
    assert.deepEqual(press(start({ canExport: true }), 'export').credentials, { status: 'none' });
    assert.deepEqual(exporting(start()).credentials, { status: 'none' });
  });

  test('a failure is kept to be shown', () => {
    const s = appReducer(exporting(start({ canExport: true })), { type: 'credentials', result: { ok: false, message: 'no such file' } });
    assert.deepEqual(s.credentials, { status: 'failed', message: 'no such file' });
  });
});

describe('the trace facts', () => {
  const base: TraceSnapshot = { results: [], report: null, running: null, crashed: null, done: false, failedAt: null };
  test('before the end, leaving exits 0', () => {
    assert.deepEqual(traceFacts(base), { done: false, failedAt: null, exitCode: 0, complete: false });
  });

  test('after an engine crash, 1, and nothing complete', () => {
    assert.deepEqual(traceFacts({ ...base, done: true, crashed: 'boom' }), { done: true, failedAt: null, exitCode: 1, complete: false });
  });

  test('once the report is in, kubectl\'s own exit code', () => {
    const report = { tool: { name: 'kube-trace' as const, version: '0' }, command: [], target: { kind: 'sandbox' as const, server: null, context: null }, stages: [], output: { stdout: '', stderr: 'x', exitCode: 1 } };
    assert.deepEqual(traceFacts({ ...base, done: true, failedAt: 3, report }), { done: true, failedAt: 3, exitCode: 1, complete: true });
  });
});
