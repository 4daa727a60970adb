// A kubeconfig full of secrets, each a unique marker string, for the "secrets never leak" tests.
// Two files (a KUBECONFIG list): the first holds the clusters and half of the users, the second the
// rest and the contexts; one context per way of authenticating. findLeaks() looks for every marker
// and its base64/base64url/hex forms in any text kube-trace printed.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { issue, type TestCa } from '../trace/helpers/pki.js';

export interface SecretMarker {
  /** What the secret is, e.g. "bearer token". */
  name: string;
  /** The secret as it sits in the kubeconfig (or in a file it names, or in a plugin's output). */
  value: string;
}

export interface SecretContext {
  name: string;
  /** How this context authenticates, for test names. */
  auth: string;
  /** Whether a server that knows the markers accepts this identity (false: e.g. the proxy is dead). */
  reachable: boolean;
}

export interface SecretKubeconfig {
  dir: string;
  /** KUBECONFIG value listing both files. */
  kubeconfigList: string;
  files: string[];
  contexts: SecretContext[];
  markers: SecretMarker[];
  /** Bearer tokens the server should accept (so the success path is traced too). */
  acceptedTokens: string[];
  basicPassword: string;
  /** The password in the c-url-userinfo server URL (sent as Basic auth by kubectl). */
  urlPassword: string;
  /** The exec plugin's token and the OIDC id-token are also bearer tokens on the wire. */
  execToken: string;
  /** Marker names found in `text` (in any encoding), empty when nothing leaked. */
  findLeaks(text: string): string[];
}

const unique = (label: string): string => `kts${label}${randomBytes(9).toString('hex')}`;

/** A JWT whose header/payload are public (iss/sub/exp may be shown) and whose signature is the marker. */
function jwt(signature: string, claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${signature}`;
}

/** The distinctive middle of a PEM body: enough to identify the key, absent from any other text. */
function pemCore(pem: string): string {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return body.slice(20, 80);
}

function encodings(value: string): string[] {
  const b = Buffer.from(value, 'utf8');
  const forms = [value, b.toString('base64'), b.toString('base64url'), b.toString('hex')];
  // A base64 of a longer string that contains the marker at any offset shares a core with one of these.
  for (const pad of ['x', 'xx']) forms.push(Buffer.from(pad + value).toString('base64').slice(4, -4));
  forms.push(b.toString('base64').slice(0, -4));
  return [...new Set(forms.filter((f) => f.length >= 12))];
}

export interface SecretKubeconfigOptions {
  dir: string;
  server: string;
  caPem: string;
  ca: TestCa;
  deadProxyPort: number;
  /** A running HTTP proxy (URL without userinfo) that accepts user kts-live-proxy-user with `password`. */
  liveProxy?: { url: string; password: string };
}

export async function buildSecretKubeconfig(opts: SecretKubeconfigOptions): Promise<SecretKubeconfig> {
  const { dir } = opts;
  mkdirSync(dir, { recursive: true });
  const markers: SecretMarker[] = [];
  const mark = (name: string, value: string): string => {
    markers.push({ name, value });
    return value;
  };
  const future = Math.floor(Date.now() / 1000) + 3600;

  const token = mark('bearer token', unique('Token'));
  const jwtSig = mark('JWT signature', unique('JwtSig'));
  const jwtToken = jwt(jwtSig, { iss: 'https://issuer.example', sub: 'system:serviceaccount:demo:reader', exp: future });
  mark('JWT bearer token (whole)', jwtToken);
  const fileToken = mark('tokenFile contents', unique('FileToken'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, fileToken + '\n', { mode: 0o600 });
  // client-node's `token-file` key, which kubectl ignores: never read, never sent, never shown.
  const ignoredToken = mark('token-file (client-node key) contents', unique('IgnoredToken'));
  const ignoredTokenFile = join(dir, 'ignored-token');
  writeFileSync(ignoredTokenFile, ignoredToken + '\n', { mode: 0o600 });
  // A password in the server URL: kubectl sends it as Basic auth and never prints it.
  const urlPassword = mark('server URL password', unique('UrlPass'));

  const dataId = await issue(opts.ca, { cn: 'secret-data-user', orgs: ['system:masters'] });
  mark('client-key-data (PEM body)', pemCore(dataId.keyPem));
  mark('client-key-data (base64 field)', Buffer.from(dataId.keyPem).toString('base64'));
  const fileId = await issue(opts.ca, { cn: 'secret-file-user', orgs: ['system:masters'] });
  mark('client-key file (PEM body)', pemCore(fileId.keyPem));
  const certFile = join(dir, 'client.crt');
  const keyFile = join(dir, 'client.key');
  writeFileSync(certFile, fileId.certPem);
  writeFileSync(keyFile, fileId.keyPem, { mode: 0o600 });

  const basicPassword = mark('basic-auth password', unique('Password'));

  const execToken = mark('exec plugin output token', unique('ExecToken'));
  const execEnvSecret = mark('exec plugin env value', unique('ExecEnv'));
  const plugin = join(dir, 'credential-plugin.mjs');
  // The plugin checks it got its env, then prints an ExecCredential; on stderr it chatters the way
  // real plugins do (which kube-trace must not echo).
  writeFileSync(
    plugin,
    [
      `const env = process.env.KTS_PLUGIN_SECRET ?? '';`,
      `process.stderr.write('plugin debug: secret=' + env + ' token=${execToken}\\n');`,
      `if (process.argv[2] === 'fail') { process.stderr.write('login failed for ' + env + '\\n'); process.exit(3); }`,
      `if (process.argv[2] === 'hang') { setInterval(() => {}, 1000); }`,
      `else process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', spec: {}, status: { token: '${execToken}' } }));`,
    ].join('\n'),
  );
  chmodSync(plugin, 0o755);
  const exec = (arg: string): Record<string, unknown> => ({
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: [plugin, arg],
      env: [{ name: 'KTS_PLUGIN_SECRET', value: execEnvSecret }],
      interactiveMode: 'Never',
    },
  });

  const idSig = mark('OIDC id-token signature', unique('IdSig'));
  const idToken = jwt(idSig, { iss: 'https://issuer.example', sub: 'oidc-user', aud: 'kube', exp: future });
  mark('OIDC id-token (whole)', idToken);
  const refreshToken = mark('OIDC refresh-token', unique('Refresh'));
  const clientSecret = mark('OIDC client-secret', unique('ClientSecret'));

  const proxyPassword = mark('proxy URL password', unique('ProxyPass'));
  const liveProxyPassword = opts.liveProxy ? mark('live proxy URL password', opts.liveProxy.password) : null;

  const cluster = { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caPem).toString('base64') };
  const first = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'secret-cluster', cluster },
      { name: 'secret-proxied', cluster: { ...cluster, 'proxy-url': `http://kts-proxy-user:${proxyPassword}@127.0.0.1:${opts.deadProxyPort}` } },
      { name: 'secret-userinfo', cluster: { ...cluster, server: opts.server.replace('://', `://kts-url-user:${urlPassword}@`) } },
      ...(opts.liveProxy && liveProxyPassword !== null ? [{ name: 'secret-live-proxy', cluster: { ...cluster, 'proxy-url': opts.liveProxy.url.replace('://', `://kts-live-proxy-user:${liveProxyPassword}@`) } }] : []),
    ],
    users: [
      { name: 'u-token', user: { token } },
      { name: 'u-jwt', user: { token: jwtToken } },
      { name: 'u-token-file', user: { tokenFile } },
      { name: 'u-clientnode-token-file', user: { 'token-file': ignoredTokenFile } },
      { name: 'u-key-data', user: { 'client-certificate-data': Buffer.from(dataId.certPem).toString('base64'), 'client-key-data': Buffer.from(dataId.keyPem).toString('base64') } },
    ],
    'current-context': 'c-token',
  };
  const second = {
    apiVersion: 'v1',
    kind: 'Config',
    users: [
      { name: 'u-cert-files', user: { 'client-certificate': certFile, 'client-key': keyFile } },
      { name: 'u-basic', user: { username: 'kts-basic-user', password: basicPassword } },
      { name: 'u-exec', user: exec('ok') },
      { name: 'u-exec-fail', user: exec('fail') },
      {
        name: 'u-oidc',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'kube', 'client-secret': clientSecret, 'id-token': idToken, 'refresh-token': refreshToken, 'idp-issuer-url': 'https://issuer.invalid' },
          },
        },
      },
    ],
    contexts: [] as { name: string; context: Record<string, string> }[],
  };
  const contexts: SecretContext[] = [
    { name: 'c-token', auth: 'bearer token', reachable: true },
    { name: 'c-jwt', auth: 'JWT bearer token', reachable: true },
    { name: 'c-token-file', auth: 'token-file', reachable: true },
    { name: 'c-key-data', auth: 'client-certificate-data + client-key-data', reachable: true },
    { name: 'c-cert-files', auth: 'client-certificate + client-key files', reachable: true },
    { name: 'c-basic', auth: 'basic auth', reachable: true },
    { name: 'c-exec', auth: 'exec plugin', reachable: true },
    { name: 'c-exec-fail', auth: 'exec plugin that fails', reachable: false },
    { name: 'c-oidc', auth: 'OIDC auth-provider', reachable: true },
    { name: 'c-proxy', auth: 'proxy-url with credentials (a dead proxy)', reachable: false },
    { name: 'c-clientnode-token-file', auth: "client-node's token-file (kubectl ignores it)", reachable: true },
    // kubectl sends the URL's user:password as Basic auth; this server only knows the basic-auth user's password.
    { name: 'c-url-userinfo', auth: 'a password in the server URL', reachable: false },
    ...(opts.liveProxy ? [{ name: 'c-live-proxy', auth: 'proxy-url with credentials (a live proxy)', reachable: true }] : []),
  ];
  const userOf: Record<string, string> = { 'c-proxy': 'u-token', 'c-url-userinfo': 'u-token', 'c-live-proxy': 'u-token' };
  const clusterOf: Record<string, string> = { 'c-proxy': 'secret-proxied', 'c-url-userinfo': 'secret-userinfo', 'c-live-proxy': 'secret-live-proxy' };
  second.contexts = contexts.map((c) => ({
    name: c.name,
    context: { cluster: clusterOf[c.name] ?? 'secret-cluster', user: userOf[c.name] ?? c.name.replace(/^c-/, 'u-') },
  }));

  const files = [join(dir, 'config-a.yaml'), join(dir, 'config-b.yaml')];
  writeFileSync(files[0]!, stringify(first), { mode: 0o600 });
  writeFileSync(files[1]!, stringify(second), { mode: 0o600 });

  const needles = markers.flatMap((m) => encodings(m.value).map((needle) => ({ name: m.name, needle })));
  return {
    dir,
    kubeconfigList: files.join(delimiter),
    files,
    contexts,
    markers,
    acceptedTokens: [token, jwtToken, fileToken, execToken, idToken],
    basicPassword,
    urlPassword,
    execToken,
    findLeaks(text) {
      const found = new Set<string>();
      for (const { name, needle } of needles) if (text.includes(needle)) found.add(name);
      return [...found];
    },
  };
}
