// The HTML handout in a real browser: headless Chromium (Debian's `chromium`) opens it from disk, takes
// a screenshot, prints it to PDF and dumps its DOM. The page logs nothing to the console, makes no
// network request (Chromium's net log: no request from the page's file:// origin; the browser's own
// background services are told apart by their "not an origin" initiator), its text holds all seven
// stages and kubectl's table, and it prints on A4. A control page with a console error and an image
// from the network proves the two detectors see what they look for.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { findOnPath } from '../helpers/kubectl.js';
import type { TraceReport } from '../../src/trace/types.js';

const chromium = findOnPath('chromium');
/** Where the screenshot is kept after the test (the temp folder is removed). */
export const SCREENSHOT = join(tmpdir(), 'kube-trace-handout', 'handout.png');

interface BrowserRun {
  console: string[];
  pageRequests: string[];
  stderr: string;
}

const QUIET = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-default-browser-check', '--hide-scrollbars'];

function chrome(args: string[], profile: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(chromium ?? 'chromium', [...QUIET, `--user-data-dir=${profile}`, ...args], { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && !stdout && !/bytes written|written to file/.test(stderr)) reject(new Error(`chromium failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** The page's console messages and the requests its file:// origin made, from one headless run. */
async function open(file: string, extra: string[], work: string): Promise<BrowserRun> {
  const netlog = join(work, `net-${Math.random().toString(36).slice(2)}.json`);
  const { stderr } = await chrome(['--enable-logging=stderr', '--v=0', `--log-net-log=${netlog}`, ...extra, `file://${file}`], mkdtempSync(join(work, 'profile-')));
  const consoleLines = stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
  const text = readFileSync(netlog, 'utf8');
  const log = JSON.parse(/\]\s*\}\s*$/.test(text) ? text : `${text.replace(/,\s*$/, '')}]}`) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: Record<string, unknown> }[] };
  const start = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  const pageRequests = log.events
    .filter((e) => e.type === start && typeof e.params?.['url'] === 'string' && String(e.params['network_isolation_key'] ?? '').startsWith('file://'))
    .map((e) => String(e.params?.['url']));
  return { console: consoleLines, pageRequests, stderr };
}

describe('the HTML handout in headless Chromium', { skip: chromium === null ? 'chromium is not installed (apt-get install -y chromium; .ci/run installs it)' : false }, () => {
  let work: string;
  let html: string;
  let report: TraceReport;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kube-trace-chromium-'));
    html = join(work, 'handout.html');
    const r = await runCli(['get', 'pods', '--sandbox', '--json', '--export', html], { PATH: process.env['PATH'], HOME: join(work, 'home'), NO_COLOR: '1' });
    assert.equal(r.exitCode, 0, r.stderr);
    report = JSON.parse(r.stdout) as TraceReport;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the detectors work: a control page with a console error and a network image is caught', async () => {
    const control = join(work, 'control.html');
    writeFileSync(control, '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>control</p><img src="http://kube-trace-control.invalid/x.png"><script>console.error("kube-trace-control-error")</script></body></html>');
    const run = await open(control, ['--dump-dom'], work);
    assert.ok(run.console.some((l) => l.includes('kube-trace-control-error')), `the console error was not seen:\n${run.stderr.slice(-1500)}`);
    assert.ok(run.pageRequests.some((u) => u.includes('kube-trace-control.invalid')), 'the network image was not seen');
  });

  it('a screenshot; no console message; no network request', async () => {
    mkdirSync(join(tmpdir(), 'kube-trace-handout'), { recursive: true });
    const shot = join(work, 'shot.png');
    const run = await open(html, ['--window-size=1000,1400', `--screenshot=${shot}`], work);
    assert.deepEqual(run.console, [], 'the page logged to the console');
    assert.deepEqual(run.pageRequests, [], 'the page made network requests');
    assert.ok(existsSync(shot) && statSync(shot).size > 10_000, 'no screenshot');
    const png = readFileSync(shot);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 1000, 'the screenshot is the window\'s width');
    writeFileSync(SCREENSHOT, png);
  });

  it("its text holds all seven stages and kubectl's table", async () => {
    const { stdout } = await chrome(['--dump-dom', `file://${html}`], mkdtempSync(join(work, 'profile-')));
    const text = stdout.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    for (const [i, s] of ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format'].entries()) assert.match(text, new RegExp(`${i + 1}/7 ${s} · `), s);
    const table = report.output.stdout.trimEnd();
    assert.ok(table.startsWith('NAME'), 'the run printed a table');
    assert.ok(text.includes(table), "kubectl's table, as it printed it");
    assert.match(text, /The request path/);
    assert.match(text, /Timing waterfall/);
  });

  it('it prints on A4', async () => {
    const pdf = join(work, 'handout.pdf');
    await chrome(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`], mkdtempSync(join(work, 'profile-')));
    const bytes = readFileSync(pdf).toString('latin1');
    assert.ok(bytes.startsWith('%PDF-'));
    // A4 is 595.28 × 841.89 points (Chromium rounds to its own units: 594.96 × 841.92).
    const boxes = [...bytes.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(boxes.length > 1, 'more than one page');
    for (const [w, h] of boxes) assert.ok(Math.abs((w ?? 0) - 595.28) < 1 && Math.abs((h ?? 0) - 841.89) < 1, `a page of ${w} × ${h} points is not A4`);
  });
});
