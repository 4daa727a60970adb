// Where the sandbox listens, and the names its certificate and kubeconfig must carry for that place.
// Loopback only unless the caller says otherwise: its credentials are written to a file, and anyone
// who can reach the port with them can read the cluster.

import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x.y.z): reachable from this machine only. */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** 0.0.0.0 or ::: every interface. */
export function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The host part of a URL for the address (IPv6 in brackets); every-interface addresses are reached through loopback. */
export function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (isUnspecified(address)) return '[::1]';
  return isIP(address) === 6 ? `[${address}]` : address;
}

/** The DNS names and IPs the server certificate is issued for, so that a client of `address` can verify it. */
export function serverNamesFor(address: string): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost']);
  const ips = new Set(['127.0.0.1']);
  if (isUnspecified(address)) {
    ips.add('::1');
    // Every address of this machine: a client elsewhere connects to one of them.
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) ips.add(i.address.replace(/%.*$/, ''));
    dns.add(hostname());
  } else if (isIP(address)) {
    ips.add(address);
  } else {
    dns.add(address);
  }
  return { dns: [...dns], ips: [...ips] };
}
