// URLs are shown as kubectl shows them: a password in the userinfo becomes *** (Go's net/http
// stripPassword; kubectl 1.33 prints `Get "https://admin:***@127.0.0.1:1/api?timeout=32s": …`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { displayUrl, maskUrlsIn, userinfoOf, withoutUserinfo } from '../../src/kube/display-url.js';

describe('displayUrl', () => {
  it('masks the password, keeps the user and the rest as written', () => {
    assert.equal(displayUrl('https://admin:S3CRETPW@127.0.0.1:6443/api?timeout=32s'), 'https://admin:***@127.0.0.1:6443/api?timeout=32s');
    assert.equal(displayUrl('socks5://u:p%40ss@proxy:1080'), 'socks5://u:***@proxy:1080');
    assert.equal(displayUrl('https://127.0.0.1:6443'), 'https://127.0.0.1:6443');
    assert.equal(displayUrl('https://onlyuser@h'), 'https://onlyuser@h');
  });

  it('takes the userinfo up to the last @ of the authority, as Go\'s url.Parse does', () => {
    assert.equal(displayUrl('https://a:b@c@host/x@y'), 'https://a:***@host/x@y');
    assert.deepEqual(userinfoOf('https://a:b@c@host/x'), { username: 'a', password: 'b@c' });
  });

  it('strips userinfo for the wire and decodes it for Basic auth', () => {
    assert.equal(withoutUserinfo('https://admin:S3CRETPW@127.0.0.1:6443/x'), 'https://127.0.0.1:6443/x');
    assert.deepEqual(userinfoOf('https://ad%20min:p%3Aw@h'), { username: 'ad min', password: 'p:w' });
    assert.equal(userinfoOf('https://h'), null);
  });

  it('masks URLs inside a message', () => {
    assert.equal(maskUrlsIn('Get "https://admin:pw@h:1/api": dial tcp'), 'Get "https://admin:***@h:1/api": dial tcp');
  });
});
