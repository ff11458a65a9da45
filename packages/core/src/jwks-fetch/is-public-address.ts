import { BlockList, isIP } from 'node:net';

// Every range that is not a public unicast destination: this host, private networks,
// shared address space, link-local, documentation, benchmarking, multicast, reserved
// (RFC 6890 and the IANA special-purpose registries), and the IPv6 ranges that embed or
// translate IPv4 (NAT64, 6to4, Teredo), whose IPv4 part could be anything.
const BLOCKED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;
const BLOCKED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const;

// Two lists: a BlockList matches IPv4 addresses against IPv6 rules too (as IPv4-mapped),
// so one list with `::ffff:0:0/96` would block every IPv4 address.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blockedV4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blockedV6.addSubnet(net, prefix, 'ipv6');

/**
 * Whether `address` (an IP literal) is a public unicast address: not loopback, private,
 * shared, link-local, unique-local, documentation, multicast or reserved. IPv4-mapped IPv6
 * addresses (`::ffff:10.0.0.1`) are judged by their IPv4 part. Anything that is not an IP
 * literal is not public.
 *
 * @example
 * isPublicAddress('93.184.215.14'); // true
 * isPublicAddress('fd00::1'); // false
 */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blockedV6.check(address, 'ipv6');
  }
  return !blockedV4.check(address, 'ipv4');
}
