// The floor: what Node itself costs for the same request. One HTTP/2 TLS connection (TCP_NODELAY, as
// Go and kube-trace set it), one GET, the whole body read; no discovery, no parsing, no printing, no
// kubeconfig parsing either: the benchmark hands over the credentials as JSON (see bareGetCredentials).
// Usage: node bench/bare-get.mjs CREDENTIALS.json PATH [ACCEPT]
import { connect } from 'node:http2';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';

const [file, path, accept = 'application/json'] = process.argv.slice(2);
const c = JSON.parse(readFileSync(file, 'utf8'));
const url = new URL(c.server);
const tls = { host: url.hostname, port: Number(url.port || 443), ca: c.ca, cert: c.cert, key: c.key, ALPNProtocols: ['h2'], noDelay: true };
const session = connect(c.server, { createConnection: () => tlsConnect(tls) });
const headers = { ':path': path, accept };
if (c.token) headers.authorization = `Bearer ${c.token}`;
const req = session.request(headers);
let bytes = 0;
req.on('data', (chunk) => (bytes += chunk.length));
req.on('end', () => {
  session.close();
  if (bytes === 0) process.exitCode = 1;
});
req.on('error', (e) => {
  console.error(e.message);
  process.exitCode = 1;
});
