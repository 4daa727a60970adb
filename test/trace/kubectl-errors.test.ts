import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpStatusStageError, networkStageError } from '../../src/kube/kubectl-errors.js';

describe("kubectl's error wording", () => {
  it('uses the Status reason and message when the server sent a Status', () => {
    const e = httpStatusStageError(404, '', { kind: 'Status', reason: 'NotFound', message: 'pods "x" not found', code: 404 }, 'GET', 'get', 'pods');
    assert.equal(e.kubectlMessage, 'Error from server (NotFound): pods "x" not found');
    assert.equal(e.kind, 'not-found');
  });

  it("falls back to client-go's generic messages without a Status", () => {
    assert.equal(httpStatusStageError(404, '<html>', undefined, 'GET', 'get', 'pods', { isText: false, name: 'web' }).kubectlMessage, 'Error from server (NotFound): the server could not find the requested resource (get pods web)');
    assert.equal(httpStatusStageError(403, 'go away\n', undefined, 'GET', 'get', 'pods', { isText: true }).kubectlMessage, 'Error from server (Forbidden): go away (get pods)');
    assert.equal(httpStatusStageError(503, '{"x":1}', { x: 1 }, 'GET', 'get', 'pods', { isText: false }).kubectlMessage, 'Error from server (InternalError): an error on the server ("unknown") has prevented the request from succeeding (get pods)');
    assert.equal(httpStatusStageError(418, '', undefined, 'GET', 'get', 'pods', { isText: false }).kubectlMessage, 'Error from server: the server responded with the status code 418 but did not return more information (get pods)');
    assert.equal(httpStatusStageError(401, '', undefined, 'GET', 'get', 'pods', { isText: false }).kubectlMessage, 'error: You must be logged in to the server (the server has asked for the client to provide credentials (get pods))');
  });

  it('words TLS name mismatches like Go', () => {
    const base = { kind: 'tls' as const, code: 'ERR_TLS_CERT_ALTNAME_INVALID', detail: '', afterHeaders: false };
    assert.equal(networkStageError({ ...base, tlsHost: '10.0.0.1', tlsAltNames: 'DNS:kubernetes, DNS:localhost' }, 'https://10.0.0.1:6443/api', 'x').kubectlMessage, "Unable to connect to the server: tls: failed to verify certificate: x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs");
    assert.equal(networkStageError({ ...base, tlsHost: 'api.example', tlsAltNames: 'DNS:kubernetes, IP Address:10.0.0.1' }, 'https://api.example:6443/api', 'x').kubectlMessage, 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for kubernetes, not api.example');
  });
});

describe("kubectl's wording for the transport's failures (each checked with kubectl 1.33)", () => {
  const url = 'https://admin:***@127.0.0.1:6443/api?timeout=32s';
  const proxy = { kind: 'http' as const, url: 'http://u:***@127.0.0.1:3128', source: 'proxy-url' as const };

  it('a refusing proxy: kubectl names the API server; kube-trace says it was the proxy (password masked)', () => {
    const e = networkStageError({ kind: 'refused', code: 'ECONNREFUSED', detail: '', afterHeaders: false, proxy, inProxy: true }, url, 'the discovery request');
    assert.equal(e.kubectlMessage, 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?');
    assert.match(e.message, /proxy http:\/\/u:\*\*\*@127\.0\.0\.1:3128/);
  });

  it('an OpenSSL error Go has other words for gives no kubectl line rather than a wrong one (no OpenSSL paths)', () => {
    const e = networkStageError({ kind: 'tls', code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', detail: 'error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure', afterHeaders: false }, url, 'x');
    assert.equal(e.kubectlMessage, undefined);
    assert.doesNotMatch(e.message + e.hint, /ssl3_read_bytes|routines/);
    assert.equal(networkStageError({ kind: 'tls', code: 'ERR_SSL_WRONG_VERSION_NUMBER', detail: '', afterHeaders: false }, url, 'x').kubectlMessage, 'Unable to connect to the server: tls: first record does not look like a TLS handshake');
  });

  it('kube-trace\'s own limits are never worded as kubectl output', () => {
    for (const decoded of [false, true]) {
      const e = networkStageError({ kind: 'too-large', code: 'EFBIG', detail: '', afterHeaders: true, decoded, limitBytes: 64 * 1024 * 1024 }, url, 'the list request');
      assert.equal(e.kubectlMessage, undefined);
      assert.match(e.message, /kube-trace's own 64 MiB limit/);
    }
  });
});
