// `here:` templates: a lesson sentence built from this run's data. A template may only name fields
// the stage has (checked when the lesson loads), and at run time a sentence whose value is missing
// is left out: the screen never shows undefined, null, [object Object] or NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTemplate, templateProblems } from '../../src/lessons/index.js';
import { plainText, type Span } from '../../src/text/index.js';
import { etcdData, formatData, parseData, responseData } from '../ui/helpers/traceFixtures.js';
import { gen } from '../fuzz/generators.js';

function filled(template: string, data: unknown): string | null {
  const spans = fillTemplate(template, data);
  return spans === null ? null : plainText(spans);
}

test('a placeholder names a field of the stage data, through a list by index', () => {
  assert.equal(
    filled('Pod {{items.0.name}} was last written at revision {{items.0.resourceVersion}}; the list was read at {{listResourceVersion}}.', etcdData),
    'Pod api-running was last written at revision 205; the list was read at 221.',
  );
  assert.equal(filled('The last pod is {{items.-1.name}}.', etcdData), 'The last pod is web-with-sidecar.');
});

test('[key=value] picks the item whose field has that value, names compared case-blind', () => {
  assert.equal(filled('Answered {{headers[name=date].value}}.', responseData), 'Answered Sat, 28 Nov 2026 02:23:48 GMT.');
  assert.equal(filled('{{items[name=redis].resourceVersion}}', etcdData), '213');
});

test('[=value] picks that value from a list of values, so the sentence shows only when the list holds it', () => {
  const authz = { whoami: { available: true, username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'], extra: {}, exchangeId: 1 } };
  assert.equal(filled('You are in `{{whoami.groups[=System:Masters]}}`.', authz), 'You are in system:masters.');
  assert.equal(filled('You are in {{whoami.groups[=system:masters]}}.', { whoami: { ...authz.whoami, groups: ['system:authenticated'] } }), null);
  assert.deepEqual(templateProblems('{{whoami.groups[=system:masters]}}', 'authz'), []);
  assert.match(templateProblems('{{whoami[=x]}}', 'authz').join(), /whoami is not a list of values, so \[=x\] cannot pick from it/);
  assert.match(templateProblems('{{items[=x]}}', 'etcd').join(), /items is not a list of values/);
  assert.match(templateProblems('{{whoami.groups[=]}}', 'authz').join(), /\[=\] names no value/);
});

test('the fields the engine added are names a template may use', () => {
  assert.deepEqual(templateProblems('{{pages.0.expectedRead.why}} {{pages.0.expectedRead.servedFrom}} {{readsFor.serverVersion}}', 'etcd'), []);
  assert.deepEqual(templateProblems('{{ageExample.name}} {{ageExample.creationTimestamp}} {{ageExample.responseDate}} {{ageExample.printedAge}}', 'format'), []);
  assert.deepEqual(templateProblems('{{discovery.log.0}} {{versions.server.info.gitVersion}} {{versions.kubectl.gitVersion}}', 'request'), []);
  assert.deepEqual(templateProblems('{{of}}', 'response'), []);
  assert.match(templateProblems('{{pages.0.expectedRead.nope}}', 'etcd').join(), /"pages.expectedRead.nope" is not a field/);
});

test('helpers count, join and format', () => {
  assert.equal(filled('{{items | count}} pods: {{items.name | join}}.', etcdData), '4 pods: api-running, nginx, redis, web-with-sidecar.');
  assert.equal(filled('{{timings.ttfbMs | ms}} to the first byte of {{totalBytes | bytes}}', responseData), '1 ms to the first byte of 3.0 KiB');
  assert.equal(filled('dated {{headers[name=Date].value | time}}, {{headers[name=Date].value | date}}', responseData), 'dated 02:23:48 UTC, 2026-11-28');
  assert.equal(filled('{{argv | join}}', parseData), parseData.argv.join(', '));
});

test('filled values are spans marked as from the run; markup around them stays markup', () => {
  const spans = fillTemplate('Pod `{{items.0.name}}` is *{{items.0.namespace}}*.', etcdData) as Span[];
  assert.deepEqual(spans, [
    { text: 'Pod ', style: 'plain' },
    { text: 'api-running', style: 'code', origin: 'run' },
    { text: ' is ', style: 'plain' },
    { text: 'default', style: 'emphasis', origin: 'run' },
    { text: '.', style: 'plain' },
  ]);
  // A value is never read as markup.
  const odd = { ...etcdData, items: [{ namespace: 'ns', name: '`x` *y*', resourceVersion: '1', key: 'k' }] };
  assert.deepEqual(fillTemplate('{{items.0.name}}', odd), [{ text: '`x` *y*', style: 'plain', origin: 'run' }]);
});

test('a missing value leaves the whole sentence out', () => {
  const empty = { ...etcdData, items: [], listResourceVersion: null };
  assert.equal(filled('Pod {{items.0.name}} exists.', empty), null, 'no such item');
  assert.equal(filled('Read at {{listResourceVersion}}.', empty), null, 'null');
  assert.equal(filled('{{items | count}} pods', empty), '0 pods', 'a count of nothing is 0');
  assert.equal(filled('{{items.name | join}}', empty), null, 'joining nothing');
  assert.equal(filled('Date: {{headers[name=X-Nope].value}}', responseData), null);
  assert.equal(filled('{{stderr}}', { ...formatData, stderr: '' }), null, 'an empty string');
  assert.equal(filled('{{exitCode}}', { ...formatData, exitCode: Number.NaN }), null, 'NaN');
  assert.equal(filled('{{items.0.name}}', null), null, 'a stage without data');
});

test('the checker refuses what the stage does not have, naming the field', () => {
  assert.deepEqual(templateProblems('{{listResourceVersion}} at {{items.0.name}}', 'etcd'), []);
  const cases: [string, RegExp][] = [
    ['{{items.0.nam}}', /"items\.nam" is not a field of the etcd stage's data; fields of items: namespace, name, resourceVersion, key/],
    ['{{revision}}', /"revision" is not a field of the etcd stage's data; top-level fields: listResourceVersion, items/],
    ['{{items.name}}', /items\.name is a list \(the path goes through a list without an index\): pick one item/],
    ['{{items.0}}', /items is an object: name one of its fields/],
    ['{{listResourceVersion.0}}', /listResourceVersion is not a list/],
    ['{{keyNote | count}}', /\| count needs a list/],
    ['{{items | join}}', /\| join needs a list of values/],
    ['{{listResourceVersion | ms}}', /\| ms needs one number; listResourceVersion is a string/],
    ['{{items.0.name | shout}}', /"shout" is not a helper; the helpers are count, join, ms, bytes, time, date/],
    ['{{items[nope=x].name}}', /the items of items have no field "nope"/],
    ['{{}}', /names no field/],
    ['{{items..name}}', /has an empty step/],
    ['no placeholder at all', /has no \{\{field\}\} placeholder/],
    ['{{items.0.name}} and {{ unclosed', /"\{\{" or "\}\}" that is not part of a \{\{field\}\} placeholder/],
  ];
  for (const [template, message] of cases) {
    const problems = templateProblems(template, 'etcd');
    assert.equal(problems.length, 1, `${template}: ${JSON.stringify(problems)}`);
    assert.match(problems[0] ?? '', message, template);
  }
  // The same path is a field of one stage and not of another.
  assert.deepEqual(templateProblems('{{exitCode}}', 'format'), []);
  assert.equal(templateProblems('{{exitCode}}', 'etcd').length, 1);
});

test('for any data, a filled template is either left out or plain words: never undefined, null, NaN or an object', () => {
  const g = gen(11_2026);
  const templates = [
    'Pod {{items.0.name}} rv {{items.0.resourceVersion}} of {{listResourceVersion}}',
    '{{items | count}} items: {{items.name | join}}',
    '{{pages.-1.continue.decoded.rv}} {{pages.0.itemCount}}',
    '{{insideApiServer.revision}} {{insideApiServer.count | bytes}} {{insideApiServer.bytes | ms}}',
    '{{items[name=nginx].key}} {{keyNote | time}}',
  ];
  const junkValue = (depth: number): unknown => {
    const leaves: unknown[] = [null, undefined, Number.NaN, Infinity, '', g.junk(8), 42, true];
    const r = g.int(depth >= 3 ? leaves.length : leaves.length + 2);
    if (r < leaves.length) return leaves[r];
    if (r === leaves.length) return Array.from({ length: g.int(3) }, () => junkValue(depth + 1));
    const fields = ['name', 'resourceVersion', 'rv', 'decoded', 'continue', 'revision', 'count', 'bytes', 'key', 'itemCount'];
    return Object.fromEntries(fields.map((f) => [f, junkValue(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) {
    const data = { listResourceVersion: junkValue(0), items: junkValue(0), pages: junkValue(0), insideApiServer: junkValue(0), keyNote: junkValue(0) };
    for (const t of templates) {
      const out = filled(t, data);
      if (out === null) continue;
      assert.doesNotMatch(out, /undefined|\bnull\b|NaN|Infinity|\[object /, `${t} with ${JSON.stringify(data)}`);
    }
  }
});
