// printPod, case by case from kubernetes pkg/printers/internalversion/printers_test.go
// (TestPrintPod, TestPrintPodWithRestartableInitContainer, TestPrintPodwide, TestPrintPodConditions,
// TestPrintPodList, TestPrintNonTerminatedPod), plus the STATUS rules those tests leave out.
// Upstream's non-wide tests see 5 cells; the apiserver always prints all 9, so those compare the first 5.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { printPod } from '../../src/sandbox/printers/pod.js';
import type { PodShape, PrintedRow } from '../../src/sandbox/printers/shapes.js';
import {
  DAY, FAILED, MIN, NOW_MS, S, SUCCEEDED, ago, containers, finishedAgo, pod, running, terminated, waiting,
} from './pod-cases.js';

type Expected = { cells: string[]; conditions?: typeof SUCCEEDED };

function print(p: PodShape, kubeMinor = 28): PrintedRow {
  return printPod(p, { nowMs: NOW_MS, kubeMinor });
}

function narrow(row: PrintedRow): Expected {
  const out: Expected = { cells: row.cells.slice(0, 5) };
  if (row.conditions !== undefined) out.conditions = row.conditions.map((c) => ({ ...c }));
  return out;
}

function runTable(cases: [string, PodShape, Expected][], kubeMinor = 28): void {
  for (const [name, p, want] of cases) {
    test(name, () => assert.deepEqual(narrow(print(p, kubeMinor)), want));
  }
}

const deleted = { deletionTimestamp: ago(10 * S) };

describe('TestPrintPod', () => {
  runTable([
    ['name, num of containers, restarts, container ready status',
      pod('test1', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { restartCount: 3 }] }),
      { cells: ['test1', '1/2', 'podPhase', '6', '<unknown>'] }],
    ['container error overwrites pod phase',
      pod('test2', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { state: waiting('ContainerWaitingReason'), restartCount: 3 }] }),
      { cells: ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>'] }],
    ['terminated state too, and the first container overwrites the rest',
      pod('test3', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [
        { state: waiting('ContainerWaitingReason'), restartCount: 3 },
        { state: terminated({ reason: 'ContainerTerminatedReason' }), restartCount: 3 }] }),
      { cells: ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>'] }],
    ['ready is not enough for reporting running',
      pod('test4', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3 }] }),
      { cells: ['test4', '1/2', 'podPhase', '6', '<unknown>'] }],
    ['status.reason wins over the phase',
      pod('test5', { containers: containers(2) }, { reason: 'podReason', phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3 }] }),
      { cells: ['test5', '1/2', 'podReason', '6', '<unknown>'] }],
    ['one container running, one completed, no Ready condition → NotReady',
      pod('test6', { containers: containers(2) }, { phase: 'Running', reason: '', containerStatuses: [
        { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
        { ready: true, restartCount: 3, state: running }] }),
      { cells: ['test6', '1/2', 'NotReady', '6', '<unknown>'] }],
    ['one container running, one completed, with Ready condition → Running',
      pod('test6', { containers: containers(2) }, { phase: 'Running', reason: '', containerStatuses: [
        { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
        { ready: true, restartCount: 3, state: running }],
      conditions: [{ type: 'Ready', status: 'True' }] }),
      { cells: ['test6', '1/2', 'Running', '6', '<unknown>'] }],
    ['1 init container restarting and 1 container not running',
      pod('test7', { initContainers: containers(1), containers: containers(1) }, { phase: 'podPhase',
        initContainerStatuses: [{ ready: false, restartCount: 3, state: running, lastState: finishedAgo(10 * S) }],
        containerStatuses: [{ ready: false, restartCount: 0, state: waiting() }] }),
      { cells: ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>'] }],
    ['2 init containers, one restarting and the other not running',
      pod('test8', { initContainers: containers(2), containers: containers(1) }, { phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, restartCount: 3, state: running, lastState: finishedAgo(10 * S) },
          { ready: false, state: waiting() }],
        containerStatuses: [{ ready: false, state: waiting() }] }),
      { cells: ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>'] }],
    ['2 init containers, one completed without restarts and the other restarting',
      pod('test9', { initContainers: containers(2), containers: containers(1) }, { phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, state: terminated() },
          { ready: false, restartCount: 3, state: running, lastState: finishedAgo(10 * S) }],
        containerStatuses: [{ ready: false, state: waiting() }] }),
      { cells: ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>'] }],
    ['2 init containers, one completed with restarts and the other restarting',
      pod('test10', { initContainers: containers(2), containers: containers(1) }, { phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, restartCount: 2, state: terminated(), lastState: finishedAgo(2 * MIN) },
          { ready: false, restartCount: 3, state: running, lastState: finishedAgo(10 * S) }],
        containerStatuses: [{ ready: false, state: waiting() }] }),
      { cells: ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>'] }],
    ['1 init container completed with restarts and one container restarting',
      pod('test11', { initContainers: containers(1), containers: containers(1) }, { phase: 'Running',
        initContainerStatuses: [{ ready: false, restartCount: 2, state: terminated(), lastState: finishedAgo(2 * MIN) }],
        containerStatuses: [{ ready: false, restartCount: 4, state: running, lastState: finishedAgo(20 * S) }] }),
      { cells: ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>'] }],
    ['1 container that restarted 5d ago',
      pod('test12', { containers: containers(1) }, { phase: 'Running',
        containerStatuses: [{ ready: true, restartCount: 3, state: running, lastState: finishedAgo(5 * DAY) }] }),
      { cells: ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>'] }],
    ['2 containers, one never restarted and the other restarted 10d ago',
      pod('test13', { containers: containers(2) }, { phase: 'Running', containerStatuses: [
        { ready: true, restartCount: 0, state: running },
        { ready: true, restartCount: 3, state: running, lastState: finishedAgo(10 * DAY) }] }),
      { cells: ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>'] }],
    ['2 containers, one restarted 5d ago and the other 20d ago: the latest restart is shown',
      pod('test14', { containers: containers(2) }, { phase: 'Running', containerStatuses: [
        { ready: true, restartCount: 6, state: running, lastState: finishedAgo(5 * DAY) },
        { ready: true, restartCount: 3, state: running, lastState: finishedAgo(20 * DAY) }] }),
      { cells: ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>'] }],
    ['PodScheduled condition with reason SchedulingGated',
      pod('test15', { containers: containers(2) }, { phase: 'podPhase',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      { cells: ['test15', '0/2', 'SchedulingGated', '0', '<unknown>'] }],
    ['pod condition succeeded',
      pod('test16', { containers: containers(1) }, { phase: 'Succeeded',
        containerStatuses: [{ ready: false, restartCount: 0, state: terminated({ reason: 'Completed', exitCode: 0 }) }] }),
      { cells: ['test16', '0/1', 'Completed', '0', '<unknown>'], conditions: SUCCEEDED }],
    ['pod condition failed',
      pod('test17', { containers: containers(1) }, { phase: 'Failed',
        containerStatuses: [{ ready: false, restartCount: 0, state: terminated({ reason: 'Error', exitCode: 1 }) }] }),
      { cells: ['test17', '0/1', 'Error', '0', '<unknown>'], conditions: FAILED }],
    ['pod condition running with deletion → Terminating',
      pod('test19', { containers: containers(1) }, { phase: 'Running',
        containerStatuses: [{ ready: false, restartCount: 0, state: running }] }, deleted),
      { cells: ['test19', '0/1', 'Terminating', '0', '<unknown>'] }],
    ['pod condition pending with deletion → Terminating',
      pod('test20', { containers: containers(1) }, { phase: 'Pending' }, deleted),
      { cells: ['test20', '0/1', 'Terminating', '0', '<unknown>'] }],
  ]);

  // test18: upstream (v1.31+, kubernetes#122038) keeps "Completed" for a terminal pod being deleted;
  // v1.28–v1.30, which the sandbox imitates, still say "Terminating".
  const test18 = pod('test18', { containers: containers(1) }, { phase: 'Succeeded',
    containerStatuses: [{ ready: false, restartCount: 0, state: terminated({ reason: 'Completed', exitCode: 0 }) }] }, deleted);
  test('pod condition succeeded with deletion: v1.28 says Terminating', () => {
    assert.deepEqual(narrow(print(test18, 28)), { cells: ['test18', '0/1', 'Terminating', '0', '<unknown>'], conditions: SUCCEEDED });
  });
  test('pod condition succeeded with deletion: v1.31+ keeps Completed', () => {
    assert.deepEqual(narrow(print(test18, 31)), { cells: ['test18', '0/1', 'Completed', '0', '<unknown>'], conditions: SUCCEEDED });
  });
});

describe('TestPrintPodWithRestartableInitContainer', () => {
  const sidecars = {
    initContainers: [
      { name: 'restartable-init-1', restartPolicy: 'Always' },
      { name: 'restartable-init-2', restartPolicy: 'Always' },
    ],
    containers: containers(1),
  };
  runTable([
    ['2 restartable init containers, the first running but not started',
      pod('test1', sidecars, { phase: 'Pending',
        initContainerStatuses: [
          { name: 'restartable-init-1', ready: false, restartCount: 3, state: running, started: false, lastState: finishedAgo(10 * S) },
          { name: 'restartable-init-2', ready: false, state: waiting(), started: false }],
        containerStatuses: [{ ready: false, restartCount: 0, state: waiting() }],
        conditions: [{ type: 'Initialized', status: 'False' }] }),
      { cells: ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>'] }],
    ['the first started and the second running but not started',
      pod('test1', sidecars, { phase: 'Pending',
        initContainerStatuses: [
          { name: 'restartable-init-1', ready: false, restartCount: 3, state: running, started: true, lastState: finishedAgo(10 * S) },
          { name: 'restartable-init-2', ready: false, state: running, started: false }],
        containerStatuses: [{ ready: false, restartCount: 0, state: waiting() }],
        conditions: [{ type: 'Initialized', status: 'False' }] }),
      { cells: ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>'] }],
    ['2 restartable init containers started and 1 container running',
      pod('test2', sidecars, { phase: 'Running',
        initContainerStatuses: [
          { name: 'restartable-init-1', ready: false, restartCount: 3, state: running, started: true, lastState: finishedAgo(10 * S) },
          { name: 'restartable-init-2', ready: false, state: running, started: true }],
        containerStatuses: [{ ready: true, restartCount: 4, state: running, lastState: finishedAgo(20 * S) }],
        conditions: [{ type: 'Initialized', status: 'True' }] }),
      { cells: ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>'] }],
    ['2 restartable init containers completed with non-zero and 1 container completed',
      pod('test3', sidecars, { phase: 'Succeeded',
        initContainerStatuses: [
          { name: 'restartable-init-1', ready: false, restartCount: 3, state: terminated({ reason: 'Error', exitCode: 137 }), started: false, lastState: finishedAgo(10 * S) },
          { name: 'restartable-init-2', ready: false, state: terminated({ reason: 'Error', exitCode: 137 }), started: false }],
        containerStatuses: [{ ready: false, restartCount: 4, state: terminated({ reason: 'Completed', exitCode: 0 }), lastState: finishedAgo(20 * S) }],
        conditions: [{ type: 'Initialized', status: 'True' }] }),
      { cells: ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>'], conditions: SUCCEEDED }],
    ['container statuses for non-existent initContainers and containers',
      pod('test4', {
        initContainers: [{ name: 'init1' }, { name: 'sidecar1', restartPolicy: 'Always' }],
        containers: [{ name: 'container1' }],
      }, { phase: 'Running',
        initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
        containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }] }),
      { cells: ['test4', '0/2', 'Init:0/2', '0', '<unknown>'] }],
  ]);

  test('a ready, started sidecar counts as ready', () => {
    const p = pod('sc', { initContainers: [{ name: 'log', restartPolicy: 'Always' }], containers: [{ name: 'app' }] }, {
      phase: 'Running',
      initContainerStatuses: [{ name: 'log', ready: true, started: true, state: running, restartCount: 1, lastState: finishedAgo(3 * MIN) }],
      containerStatuses: [{ name: 'app', ready: true, state: running }],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    });
    assert.deepEqual(print(p).cells.slice(0, 4), ['sc', '2/2', 'Running', '1 (3m ago)']);
  });
});

describe('TestPrintPodwide', () => {
  const gates = [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }];
  const gateConditions = [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }];
  const statuses = [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }];
  const cases: [string, PodShape, string[]][] = [
    ['NodeName and PodIP set',
      pod('test1', { containers: containers(2), nodeName: 'test1', readinessGates: gates }, {
        conditions: gateConditions, phase: 'podPhase', podIPs: [{ ip: '1.1.1.1' }], containerStatuses: statuses, nominatedNodeName: 'node1' }),
      ['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']],
    ['dual-stack: the first pod IP is shown',
      pod('test1', { containers: containers(2), nodeName: 'test1', readinessGates: gates }, {
        conditions: gateConditions, phase: 'podPhase', podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }], containerStatuses: statuses, nominatedNodeName: 'node1' }),
      ['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']],
    ['NodeName and PodIP none',
      pod('test2', { containers: containers(2), nodeName: '' }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { state: waiting('ContainerWaitingReason'), restartCount: 3 }] }),
      ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>', '<none>', '<none>', '<none>', '<none>']],
  ];
  for (const [name, p, want] of cases) test(name, () => assert.deepEqual(print(p).cells, want));
});

describe('TestPrintPodConditions', () => {
  const statuses = [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }];
  runTable([
    ['Running: no row condition', pod('test1', { containers: containers(2) }, { phase: 'Running', containerStatuses: statuses }),
      { cells: ['test1', '1/2', 'Running', '6', '<unknown>'] }],
    ['Succeeded: podSuccessConditions', pod('test1', { containers: containers(2) }, { phase: 'Succeeded', containerStatuses: statuses }),
      { cells: ['test1', '1/2', 'Succeeded', '6', '<unknown>'], conditions: SUCCEEDED }],
    ['Failed: podFailedConditions', pod('test2', { containers: containers(2) }, { phase: 'Failed', containerStatuses: statuses }),
      { cells: ['test2', '1/2', 'Failed', '6', '<unknown>'], conditions: FAILED }],
  ]);
});

describe('TestPrintPodList', () => {
  test('each pod of a list gets its row', () => {
    const pods = [
      pod('test1', { containers: containers(2) }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3, state: running }] }),
      pod('test2', { containers: containers(1) }, { phase: 'podPhase', containerStatuses: [
        { ready: true, restartCount: 1, state: running }] }),
    ];
    assert.deepEqual(pods.map((p) => narrow(print(p))), [
      { cells: ['test1', '2/2', 'podPhase', '6', '<unknown>'] },
      { cells: ['test2', '1/1', 'podPhase', '1', '<unknown>'] },
    ]);
  });
});

describe('TestPrintNonTerminatedPod', () => {
  const statuses = [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }];
  runTable([
    ['Running', pod('test1', { containers: containers(2) }, { phase: 'Running', containerStatuses: statuses }),
      { cells: ['test1', '1/2', 'Running', '6', '<unknown>'] }],
    ['Pending', pod('test2', { containers: containers(2) }, { phase: 'Pending', containerStatuses: statuses }),
      { cells: ['test2', '1/2', 'Pending', '6', '<unknown>'] }],
    ['Unknown', pod('test3', { containers: containers(2) }, { phase: 'Unknown', containerStatuses: statuses }),
      { cells: ['test3', '1/2', 'Unknown', '6', '<unknown>'] }],
    ['Succeeded', pod('test4', { containers: containers(2) }, { phase: 'Succeeded', containerStatuses: statuses }),
      { cells: ['test4', '1/2', 'Succeeded', '6', '<unknown>'], conditions: SUCCEEDED }],
    ['Failed', pod('test5', { containers: containers(2) }, { phase: 'Failed', containerStatuses: [
      { ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3 }] }),
      { cells: ['test5', '1/2', 'Failed', '6', '<unknown>'], conditions: FAILED }],
  ]);
});

describe('STATUS rules not covered upstream', () => {
  const one = { initContainers: containers(1), containers: containers(1) };
  runTable([
    ['init container failed without reason, by signal → Init:Signal:N',
      pod('a', one, { phase: 'Pending', initContainerStatuses: [{ state: terminated({ exitCode: 137, signal: 9 }) }] }),
      { cells: ['a', '0/1', 'Init:Signal:9', '0', '<unknown>'] }],
    ['init container failed without reason → Init:ExitCode:N',
      pod('b', one, { phase: 'Pending', initContainerStatuses: [{ state: terminated({ exitCode: 2 }) }] }),
      { cells: ['b', '0/1', 'Init:ExitCode:2', '0', '<unknown>'] }],
    ['init container failed with a reason → Init:<reason>',
      pod('c', one, { phase: 'Pending', initContainerStatuses: [{ state: terminated({ exitCode: 1, reason: 'Error' }) }] }),
      { cells: ['c', '0/1', 'Init:Error', '0', '<unknown>'] }],
    ['init container waiting with a reason → Init:<reason>',
      pod('d', one, { phase: 'Pending', initContainerStatuses: [{ state: waiting('CrashLoopBackOff') }] }),
      { cells: ['d', '0/1', 'Init:CrashLoopBackOff', '0', '<unknown>'] }],
    ['init container waiting with PodInitializing → Init:i/N',
      pod('e', one, { phase: 'Pending', initContainerStatuses: [{ state: waiting('PodInitializing') }] }),
      { cells: ['e', '0/1', 'Init:0/1', '0', '<unknown>'] }],
    ['container terminated without reason, by signal → Signal:N',
      pod('f', { containers: containers(1) }, { phase: 'Running', containerStatuses: [{ state: terminated({ exitCode: 143, signal: 15 }) }] }),
      { cells: ['f', '0/1', 'Signal:15', '0', '<unknown>'] }],
    ['container terminated without reason → ExitCode:N',
      pod('g', { containers: containers(1) }, { phase: 'Running', containerStatuses: [{ state: terminated({ exitCode: 3 }) }] }),
      { cells: ['g', '0/1', 'ExitCode:3', '0', '<unknown>'] }],
    ['deleted pod on a lost node → Unknown',
      pod('h', { containers: containers(1) }, { phase: 'Running', reason: 'NodeLost' }, deleted),
      { cells: ['h', '0/1', 'Unknown', '0', '<unknown>'] }],
    ['CrashLoopBackOff with restarts',
      pod('i', { containers: containers(1) }, { phase: 'Running', containerStatuses: [
        { state: waiting('CrashLoopBackOff'), restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(4 * MIN + 35 * S) } } }] }),
      { cells: ['i', '0/1', 'CrashLoopBackOff', '5 (4m35s ago)', '<unknown>'] }],
  ]);

  test('AGE comes from creationTimestamp', () => {
    const p = pod('j', { containers: containers(1) }, { phase: 'Pending' }, { creationTimestamp: ago(111 * S) });
    assert.equal(print(p).cells[4], '111s');
  });

  test('restarts without any termination time show the bare count', () => {
    const p = pod('k', { containers: containers(1) }, { phase: 'Running', containerStatuses: [{ restartCount: 2, state: running, ready: true }] });
    assert.equal(print(p).cells[3], '2');
  });

  test('a pod with no spec or status at all still prints', () => {
    assert.deepEqual(print({}).cells, ['', '0/0', '', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });
});
