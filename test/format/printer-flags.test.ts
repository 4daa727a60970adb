// Which printer -o and --template select (kubectl's PrintFlags.ToPrinter), and what that asks of the
// request (get.go's Complete and transformRequests). The captures check both against every build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choosePrinter, outputFormatOf, readTemplateFile, requestNeedsOf, templateFilePath } from '../../src/format/index.js';

test('-o picks the printer; NAME=VALUE formats carry their template or file', () => {
  assert.deepEqual(choosePrinter({ output: '', template: '' }), { kind: 'human', wide: false });
  assert.deepEqual(choosePrinter({ output: 'wide', template: '' }), { kind: 'human', wide: true });
  assert.deepEqual(choosePrinter({ output: 'jsonpath={.a}', template: '' }), { kind: 'jsonpath', format: 'jsonpath', value: '{.a}' });
  assert.deepEqual(choosePrinter({ output: 'jsonpath-file=x=y', template: '' }), { kind: 'jsonpath', format: 'jsonpath-file', value: 'x=y' });
  assert.deepEqual(choosePrinter({ output: 'jsonpath', template: '{.b}' }), { kind: 'jsonpath', format: 'jsonpath', value: '{.b}' });
  assert.deepEqual(choosePrinter({ output: 'custom-columns=A:.a', template: '' }), { kind: 'custom-columns', format: 'custom-columns', value: 'A:.a' });
  assert.deepEqual(choosePrinter({ output: '', template: '{{.x}}' }), { kind: 'go-template', format: 'go-template', value: '{{.x}}' });
  assert.deepEqual(choosePrinter({ output: 'json', template: '{{.x}}' }), { kind: 'json' }, '--template is ignored by -o json');
});

test("kubectl's printer errors, word for word", () => {
  const err = (output: string, template = ''): string => {
    const c = choosePrinter({ output, template });
    assert.equal(c.kind, 'error', output);
    return (c as { message: string }).message;
  };
  assert.equal(err('jsonpath'), 'template format specified but no template given');
  assert.equal(err('jsonpath='), 'template format specified but no template given');
  assert.equal(err('custom-columns'), 'custom-columns format specified but no custom columns given');
  assert.equal(
    err('x"ml'),
    'unable to match a printer suitable for the output format "x\\"ml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
  );
  assert.match(err('jsonpath={.a}', '{.b}'), /output format "jsonpath=\{\.a\}"/, 'a template given twice matches no printer');
});

test('OutputFormat names the printer for the engine', () => {
  assert.equal(outputFormatOf({ output: '', template: '' }), 'table');
  assert.equal(outputFormatOf({ output: 'jsonpath-as-json={.a}', template: '' }), 'jsonpath-as-json');
  assert.equal(outputFormatOf({ output: 'custom-columns-file=f', template: '' }), 'custom-columns-file');
  assert.equal(outputFormatOf({ output: 'xml', template: '' }), 'unknown');
});

test('the request: a Table only for human-readable output with server printing; includeObject and no chunking with --sort-by', () => {
  assert.deepEqual(requestNeedsOf({}), { humanReadable: true, asTable: true, includeObject: null, chunked: true });
  assert.deepEqual(requestNeedsOf({ output: 'wide', sortBy: '.metadata.name' }), { humanReadable: true, asTable: true, includeObject: 'Object', chunked: false });
  assert.deepEqual(requestNeedsOf({ serverPrint: false, sortBy: '.x' }), { humanReadable: true, asTable: false, includeObject: null, chunked: false });
  for (const output of ['json', 'yaml', 'name', 'jsonpath={.a}', 'custom-columns=A:.a', 'xml']) {
    const n = requestNeedsOf({ output, sortBy: '.x' });
    assert.deepEqual([n.asTable, n.includeObject, n.chunked], [false, null, false], output);
  }
});

test('the template file: which path kubectl reads, and Go\'s words when it cannot', () => {
  assert.equal(templateFilePath({ output: 'jsonpath-file=a/b.txt', template: '' }), 'a/b.txt');
  assert.equal(templateFilePath({ output: 'custom-columns-file', template: 'cols.txt' }), 'cols.txt');
  assert.equal(templateFilePath({ output: 'jsonpath={.a}', template: '' }), null);
  assert.deepEqual(readTemplateFile('/nonexistent/kube-trace/x'), { path: '/nonexistent/kube-trace/x', text: null, openError: 'open /nonexistent/kube-trace/x: no such file or directory', readError: null });
  const dir = readTemplateFile('/');
  assert.deepEqual([dir.text, dir.openError, dir.readError], [null, null, 'read /: is a directory']);
});
