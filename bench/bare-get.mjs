// The floor: what Node itself costs for the same request. Reads the kubeconfig's current context
// (embedded certificate data, as the sandbox writes it), opens one HTTP/2 TLS connection and GETs one
// URL, reading the whole body; no discovery, no parsing, no printing.
// Usage: node bench/bare-get.mjs KUBECONFIG PATH [ACCEPT]
import { connect } from 'node:http2';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { parse } from 'yaml';

const [file, path, accept = 'application/json'] = process.argv.slice(2);
const kc = parse(readFileSync(file, 'utf8'));
const ctx = kc.contexts.find((c) => c.name === kc['current-context']).context;
const cluster = kc.clusters.find((c) => c.name === ctx.cluster).cluster;
const user = kc.users.find((u) => u.name === ctx.user).user;
const b64 = (s) => (s ? Buffer.from(s, 'base64') : undefined);
const url = new URL(cluster.server);
const tls = { host: url.hostname, port: Number(url.port || 443), ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']), ALPNProtocols: ['h2'], noDelay: true };
// TCP_NODELAY as Go (and kube-trace) set it: without it the first answer waits for a delayed ACK.
const session = connect(cluster.server, { createConnection: () => tlsConnect(tls) });
const headers = { ':path': path, accept };
if (user.token) headers.authorization = `Bearer ${user.token}`;
const req = session.request(headers);
let bytes = 0;
req.on('data', (c) => (bytes += c.length));
req.on('end', () => {
  session.close();
  if (bytes === 0) process.exitCode = 1;
});
req.on('error', (e) => {
  console.error(e.message);
  process.exitCode = 1;
});
