// printNode cases from printers_test.go (TestPrintNodeStatus, TestPrintNodeRole, TestPrintNodeOSImage,
// TestPrintNodeKernelVersion, TestPrintNodeContainerRuntimeVersion, TestPrintNodeName,
// TestPrintNodeExternalIP, TestPrintNodeInternalIP), printNamespace, and the shape of real kubectl output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printNode, findNodeRoles } from '../../src/sandbox/printers/node.js';
import { printNamespace } from '../../src/sandbox/printers/namespace.js';
import type { NodeShape } from '../../src/sandbox/printers/shapes.js';
import { NOW_MS, S, ago } from './pod-cases.js';

const FIXTURES = new URL('../fixtures/real-apiserver/kubectl/', import.meta.url);

function cells(node: NodeShape): string[] {
  return printNode(node, NOW_MS).cells;
}

const ready = (status: string) => ({ conditions: [{ type: 'Ready', status }] });
const external = (address: string) => [{ type: 'ExternalIP', address }];

describe('TestPrintNodeStatus (Name, Status, Roles, Age, Version)', () => {
  const cases: [NodeShape, string[]][] = [
    [{ metadata: { name: 'foo1' }, status: ready('True') }, ['foo1', 'Ready', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo2' }, spec: { unschedulable: true }, status: ready('True') }, ['foo2', 'Ready,SchedulingDisabled', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo3' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'True' }] } }, ['foo3', 'Ready', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo4' }, status: ready('False') }, ['foo4', 'NotReady', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo5' }, spec: { unschedulable: true }, status: ready('False') }, ['foo5', 'NotReady,SchedulingDisabled', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo6' }, status: { conditions: [{ type: 'InvalidValue', status: 'True' }] } }, ['foo6', 'Unknown', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo7' }, status: { conditions: [{}] } }, ['foo7', 'Unknown', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo8' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'InvalidValue', status: 'True' }] } }, ['foo8', 'Unknown,SchedulingDisabled', '<none>', '<unknown>', '']],
    [{ metadata: { name: 'foo9' }, spec: { unschedulable: true }, status: { conditions: [{}] } }, ['foo9', 'Unknown,SchedulingDisabled', '<none>', '<unknown>', '']],
  ];
  for (const [node, want] of cases) {
    test(`${node.metadata?.name} → ${want[1]}`, () => assert.deepEqual(cells(node).slice(0, 5), want));
  }
});

describe('TestPrintNodeRole', () => {
  test('no labels → <none>', () => assert.equal(cells({ metadata: { name: 'foo9' } })[2], '<none>'));
  test('node-role.kubernetes.io/* keys and kubernetes.io/role, sorted', () => {
    const labels = {
      'node-role.kubernetes.io/master': '',
      'node-role.kubernetes.io/control-plane': '',
      'node-role.kubernetes.io/proxy': '',
      'kubernetes.io/role': 'node',
    };
    assert.equal(cells({ metadata: { name: 'foo10', labels } })[2], 'control-plane,master,node,proxy');
  });
  test('kubernetes.io/role alone', () => {
    assert.equal(cells({ metadata: { name: 'foo11', labels: { 'kubernetes.io/role': 'node' } } })[2], 'node');
  });
  test('an empty role name and an empty kubernetes.io/role are ignored; duplicates collapse', () => {
    assert.deepEqual(findNodeRoles({ 'node-role.kubernetes.io/': '', 'kubernetes.io/role': '', 'node-role.kubernetes.io/worker': 'x' }), ['worker']);
    assert.deepEqual(findNodeRoles({ 'node-role.kubernetes.io/node': '', 'kubernetes.io/role': 'node' }), ['node']);
  });
});

describe('wide columns (TestPrintNodeOSImage … TestPrintNodeInternalIP)', () => {
  const cases: [string, NodeShape, string[]][] = [
    ['OS image', { metadata: { name: 'foo1' }, status: { nodeInfo: { osImage: 'fake-os-image' }, addresses: external('1.1.1.1') } },
      ['foo1', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.1.1.1', 'fake-os-image', '<unknown>', '<unknown>']],
    ['kernel version', { metadata: { name: 'foo2' }, status: { nodeInfo: { kernelVersion: 'fake-kernel-version' }, addresses: external('1.1.1.1') } },
      ['foo2', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.1.1.1', '<unknown>', 'fake-kernel-version', '<unknown>']],
    ['container runtime version', { metadata: { name: 'foo1' }, status: { nodeInfo: { containerRuntimeVersion: 'foo://1.2.3' }, addresses: external('1.1.1.1') } },
      ['foo1', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.1.1.1', '<unknown>', '<unknown>', 'foo://1.2.3']],
    ['empty node info', { metadata: { name: 'foo2' }, status: { nodeInfo: {}, addresses: external('1.1.1.1') } },
      ['foo2', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.1.1.1', '<unknown>', '<unknown>', '<unknown>']],
    ['internal IP only', { metadata: { name: 'foo2' }, status: { addresses: [{ type: 'InternalIP', address: '1.1.1.1' }] } },
      ['foo2', 'Unknown', '<none>', '<unknown>', '', '1.1.1.1', '<none>', '<unknown>', '<unknown>', '<unknown>']],
    ['first address of each type wins', { metadata: { name: 'foo3' }, status: { addresses: [
      { type: 'ExternalIP', address: '2.2.2.2' }, { type: 'InternalIP', address: '3.3.3.3' }, { type: 'ExternalIP', address: '4.4.4.4' }] } },
    ['foo3', 'Unknown', '<none>', '<unknown>', '', '3.3.3.3', '2.2.2.2', '<unknown>', '<unknown>', '<unknown>']],
  ];
  for (const [name, node, want] of cases) test(name, () => assert.deepEqual(cells(node), want));
});

describe('TestPrintNodeName', () => {
  test('an IP-like name', () => assert.deepEqual(cells({ metadata: { name: '127.0.0.1' }, status: {} }).slice(0, 5), ['127.0.0.1', 'Unknown', '<none>', '<unknown>', '']));
  test('an empty name', () => assert.deepEqual(cells({ metadata: { name: '' }, status: {} }).slice(0, 5), ['', 'Unknown', '<none>', '<unknown>', '']));
});

/** Columns of one line of kubectl's table output (separated by 3+ spaces, as kubectl pads them). */
function kubectlRows(file: string): string[][] {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8');
  const stdout = text.split('--- stdout ---\n')[1]!.split('--- stderr ---')[0]!;
  return stdout.trimEnd().split('\n').map((line) => line.trimEnd().split(/ {3,}/));
}

test('a node like the captured node-1 prints the cells kubectl showed (31-admin-get-nodes-o-wide)', () => {
  const [header, row] = kubectlRows('31-admin-get-nodes-o-wide.txt');
  assert.deepEqual(header, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  const node: NodeShape = {
    metadata: { name: 'node-1', creationTimestamp: ago(50 * S), labels: { 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' } },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '10.1.0.11' }, { type: 'Hostname', address: 'node-1' }],
      nodeInfo: { kubeletVersion: 'v1.28.7', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-0-amd64', containerRuntimeVersion: 'containerd://1.7.13' },
    },
  };
  assert.deepEqual(cells(node), row);
});

test('namespaces print NAME, STATUS, AGE like 32-admin-get-ns', () => {
  const [header, ...rows] = kubectlRows('32-admin-get-ns.txt');
  assert.deepEqual(header, ['NAME', 'STATUS', 'AGE']);
  for (const [name, phase, age] of rows) {
    const seconds = Number(age!.replace(/s$/, ''));
    const printed = printNamespace({ metadata: { name, creationTimestamp: ago(seconds * S) }, status: { phase } }, NOW_MS);
    assert.deepEqual(printed.cells, [name, phase, age]);
  }
});

test('a terminating namespace shows its phase; a missing creationTimestamp is <unknown>', () => {
  assert.deepEqual(printNamespace({ metadata: { name: 'old' }, status: { phase: 'Terminating' } }, NOW_MS).cells, ['old', 'Terminating', '<unknown>']);
});
