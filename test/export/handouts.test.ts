// Handouts of a run: --export FILE.html | FILE.md | FILE.cast on get and on replay. The .cast is held to
// asciicast v2 line by line (a header, then events, one marker per stage, times that never go back);
// the HTML page is self-contained; an export path that cannot be written leaves nothing behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { CAST_HEIGHT, CAST_WIDTH } from '../../src/export/cast.js';
import type { TraceReport } from '../../src/trace/types.js';

const STAGES = ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format'];
let dir: string;
let recording: string;
let report: TraceReport;
const env = (): Record<string, string | undefined> => ({ PATH: process.env['PATH'], HOME: join(dir, 'home'), NO_COLOR: '1' });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-handouts-'));
  recording = join(dir, 'run.json');
  const r = await runCli(['get', 'pods', '--sandbox', '--json', '--record', recording, '--export', join(dir, 'live.html')], env());
  assert.equal(r.exitCode, 0, r.stderr);
  report = JSON.parse(r.stdout) as TraceReport;
  for (const ext of ['html', 'md', 'cast']) {
    const x = await runCli(['replay', recording, '--json', '--export', join(dir, `run.${ext}`)], env());
    assert.equal(x.exitCode, 0, x.stderr);
    assert.match(x.stderr, new RegExp(`wrote .*run\\.${ext}`));
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the .cast file is asciicast v2', () => {
  it('a header, then events; one marker per stage, in order; times never go back; output is text', () => {
    const lines = readFileSync(join(dir, 'run.cast'), 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(header['version'], 2);
    assert.equal(header['width'], CAST_WIDTH);
    assert.equal(header['height'], CAST_HEIGHT);
    assert.ok(Number.isInteger(header['timestamp']));
    const markers: string[] = [];
    let last = 0;
    let output = '';
    for (const [i, line] of lines.slice(1).entries()) {
      const e = JSON.parse(line) as unknown;
      assert.ok(Array.isArray(e) && e.length === 3, `line ${i + 2}: an event is [time, code, data]`);
      const [t, code, data] = e as [unknown, unknown, unknown];
      assert.equal(typeof t, 'number', `line ${i + 2}: time`);
      assert.ok((t as number) >= last, `line ${i + 2}: time goes back`);
      last = t as number;
      assert.ok(code === 'o' || code === 'm', `line ${i + 2}: code ${String(code)}`);
      assert.equal(typeof data, 'string');
      if (code === 'm') markers.push(data as string);
      else output += data as string;
    }
    assert.deepEqual(markers.map((m) => m.split(':')[0]), STAGES.map((s, i) => `${i + 1}/7 ${s}`));
    assert.doesNotMatch(output.replace(/\r\n/g, ''), /\n/, 'newlines are CRLF, as a terminal needs');
    assert.match(output, /NAME\s+READY\s+STATUS/, "kubectl's table is in the walkthrough");
  });
});

describe('the Markdown handout', () => {
  it('every stage, the handler chain, the timings and kubectl\'s table', () => {
    const md = readFileSync(join(dir, 'run.md'), 'utf8');
    for (const [i, s] of STAGES.entries()) assert.match(md, new RegExp(`^## ${i + 1}/7 ${s} · `, 'm'));
    assert.match(md, /^## The request path/m);
    assert.match(md, /\| authentication \| [\d.]+ ms \| x509: /, "the glass box's handler chain, observed");
    assert.match(md, /^## Timing waterfall/m);
    assert.match(md, /^\| \d+ \| kubectl \| `GET \/api\/v1\/namespaces\/default\/pods\?limit=500` \| 200 /m);
    assert.ok(md.includes(report.output.stdout.split('\n')[0] ?? '\u0000'), "kubectl's header row");
    assert.match(md, /recorded on .* against /);
  });
});

describe('the HTML handout (static checks; the browser test is test/export/html-chromium.test.ts)', () => {
  it('self-contained: no script, nothing to load, a CSP that forbids loading; A4 print styles', () => {
    for (const f of ['run.html', 'live.html']) {
      const html = readFileSync(join(dir, f), 'utf8');
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<embed/i);
      const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
      assert.doesNotMatch(css, /@import|url\(/, 'the style sheet loads nothing');
      assert.doesNotMatch(html, /(src|href)="(?!#)/, 'only in-page links');
      assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
      assert.match(html, /@page \{ size: A4/);
      for (const s of STAGES) assert.match(html, new RegExp(`id="stage-${s}"`));
    }
  });
});

describe('an export path that cannot be written', () => {
  it('an unknown extension is a usage error before anything runs', async () => {
    const r = await runCli(['get', 'pods', '--sandbox', '--export', join(dir, 'x.pdf')], env());
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /--export writes FILE\.html, FILE\.md or FILE\.cast/);
  });
  it('a folder that does not exist: said, exit 1, nothing half-written', async () => {
    const target = join(dir, 'nope', 'x.html');
    const r = await runCli(['replay', recording, '--plain', '--export', target], env());
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /--export: cannot write .*nope\/x\.html: ENOENT; nothing was written/);
    assert.ok(!existsSync(target));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});
