import { isIP } from 'node:net';

/** A refused range: first address as bytes, prefix length, and a name for the reason. */
interface Range {
  readonly bytes: readonly number[];
  readonly prefix: number;
  readonly name: string;
}

const v4 = (cidr: string, name: string): Range => {
  const [address = '', prefix = '32'] = cidr.split('/');
  return { bytes: address.split('.').map(Number), prefix: Number(prefix), name };
};

/** IPv4 ranges that are not publicly routable unicast (RFC 6890 special-purpose registry). */
const REFUSED_V4: readonly Range[] = [
  v4('0.0.0.0/8', 'this network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared address space (CGNAT)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/**
 * Why `address` must not be contacted, or null when it is public unicast. IPv6 is allowed only
 * inside global unicast 2000::/3, minus its special blocks; IPv4-mapped (::ffff:a.b.c.d) and
 * NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address they embed. Anything that is not
 * an IP literal is refused.
 */
export function refusedAddressReason(address: string): string | null {
  const literal = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  switch (isIP(literal)) {
    case 4:
      return refusedV4(literal.split('.').map(Number));
    case 6:
      return refusedV6(literal);
    default:
      return 'not an IP address';
  }
}

export function isPublicAddress(address: string): boolean {
  return refusedAddressReason(address) === null;
}

function refusedV4(bytes: readonly number[]): string | null {
  if (bytes.every((b) => b === 255)) {
    return 'broadcast';
  }
  return REFUSED_V4.find((range) => inRange(bytes, range))?.name ?? null;
}

function refusedV6(literal: string): string | null {
  const bytes = parseV6(literal);
  if (bytes === null) {
    return 'not an IP address';
  }
  const first = bytes.slice(0, 12);
  const zeros = (n: number): boolean => bytes.slice(0, n).every((b) => b === 0);
  if (zeros(10) && bytes[10] === 0xff && bytes[11] === 0xff) {
    const reason = refusedV4(bytes.slice(12));
    return reason === null ? null : `IPv4-mapped ${reason}`;
  }
  if (startsWith(first, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) {
    const reason = refusedV4(bytes.slice(12));
    return reason === null ? null : `NAT64 ${reason}`;
  }
  if (zeros(15) && bytes[15] === 1) {
    return 'loopback';
  }
  if (zeros(16)) {
    return 'unspecified';
  }
  const top = bytes[0] ?? 0;
  if (top === 0xff) {
    return 'multicast';
  }
  if ((top & 0xfe) === 0xfc) {
    return 'unique-local';
  }
  if (top === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80) {
    return 'link-local';
  }
  if (top === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0xc0) {
    return 'site-local';
  }
  if ((top & 0xe0) !== 0x20) {
    return 'not global unicast';
  }
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8])) {
    return 'documentation';
  }
  if (top === 0x20 && bytes[1] === 0x01 && ((bytes[2] ?? 0) & 0xfe) === 0) {
    return 'IETF protocol assignments (Teredo, ORCHID, …)';
  }
  if (top === 0x20 && bytes[1] === 0x02) {
    return '6to4';
  }
  return null;
}

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) {
      return false;
    }
  }
  return true;
}

function startsWith(bytes: readonly number[], prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** 16 bytes of an IPv6 literal (`::`, embedded dotted IPv4 and `%zone` handled), or null. */
export function parseV6(literal: string): number[] | null {
  let text = literal.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return null;
  }
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return null;
  }
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) {
      return null;
    }
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}
