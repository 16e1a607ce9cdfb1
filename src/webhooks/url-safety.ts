/**
 * Which URLs a webhook may be sent to. The threat is server-side request forgery: an owner who names an address
 * inside the network the worker runs in (a cloud metadata service, a loopback admin port) would have our signed
 * POSTs, and the first 1 KB of each answer in the delivery log, reach what they should not. Only `https://` URLs
 * on public hosts pass (development also takes `http://`, and loopback for a receiver on the same machine): no IP literal in a private, loopback, link-local, CGNAT, multicast,
 * documentation or metadata range (IPv4-mapped and NAT64 forms included), no `localhost` or internal-only names.
 * A hostname that resolves to such an address is not caught here; Workers' own egress does not reach private
 * networks, and redirects are never followed (delivery), so a public name cannot bounce a request inward either.
 */

export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

/** At most this long: a URL is stored and shown in lists. */
export const WEBHOOK_URL_MAX_LENGTH = 2048;

/** Names that only mean something inside a network (RFC 6761, RFC 8375, and common private suffixes). */
const INTERNAL_SUFFIXES = ["localhost", "local", "internal", "localdomain", "home.arpa", "lan", "intranet"];

/** IPv4 ranges refused, as [first octets, prefix length]. */
const REFUSED_IPV4: readonly [readonly number[], number][] = [
  [[0], 8], // "this network"
  [[10], 8], // private
  [[100, 64], 10], // CGNAT
  [[127], 8], // loopback
  [[169, 254], 16], // link-local, including the 169.254.169.254 metadata service
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2], 24], // documentation
  [[192, 88, 99], 24], // 6to4 relay anycast
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // documentation
  [[203, 0, 113], 24], // documentation
  [[224], 4], // multicast
  [[240], 4], // reserved, and the broadcast address
];

/** Whether a refused webhook URL is refused, and why (a sentence for the owner); else the URL as it will be used. */
export function checkWebhookUrl(input: string, options: { development: boolean }): UrlVerdict {
  if (input.length > WEBHOOK_URL_MAX_LENGTH)
    return refuse(`A webhook URL is at most ${WEBHOOK_URL_MAX_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse("That is not a URL.");
  }
  if (url.protocol !== "https:" && !(options.development && url.protocol === "http:")) {
    return refuse("A webhook URL must start with https://.");
  }
  if (url.username || url.password) return refuse("A webhook URL must not carry a user name or password.");
  // In development the receiver may be a server on this machine: loopback goes, the rest of the rule holds.
  if (options.development && isLoopback(url.hostname)) return { ok: true, url: url.href };
  const hostRefusal = publicHostRefusal(url.hostname);
  return hostRefusal ? refuse(hostRefusal) : { ok: true, url: url.href };
}

function isLoopback(hostname: string): boolean {
  const name = hostname.replace(/\.$/, "").toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || parseIpv4(name)?.[0] === 127;
}

function refuse(reason: string): UrlVerdict {
  return { ok: false, reason };
}

/** Why a (URL-normalised) hostname is not a public host, or null when it is. */
export function publicHostRefusal(hostname: string): string | null {
  if (hostname.startsWith("[")) {
    const groups = parseIpv6(hostname.slice(1, -1));
    if (!groups) return "That IPv6 address is not valid.";
    return ipv6Refused(groups) ? "That IP address is not on the public internet." : null;
  }
  const ipv4 = parseIpv4(hostname);
  if (ipv4) return ipv4Refused(ipv4) ? "That IP address is not on the public internet." : null;
  const name = hostname.replace(/\.$/, "").toLowerCase();
  if (!name.includes(".") && !INTERNAL_SUFFIXES.includes(name)) return "A webhook host must be a public domain name.";
  if (INTERNAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) {
    return "That host name only exists inside a private network.";
  }
  return null;
}

/** The four octets of a dotted IPv4 address (the URL parser has already turned `0x7f.1` and friends into this). */
export function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

export function ipv4Refused(octets: readonly number[]): boolean {
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  return REFUSED_IPV4.some(([start, prefix]) => {
    const base = [0, 1, 2, 3].reduce((sum, i) => sum * 256 + (start[i] ?? 0), 0);
    const size = 2 ** (32 - prefix);
    return value >= base && value < base + size;
  });
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 part), or null. */
export function parseIpv6(text: string): number[] | null {
  let body = text.toLowerCase();
  const dotted = body.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const octets = parseIpv4(dotted[1]);
    if (!octets) return null;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    body = `${body.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

export function ipv6Refused(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0] = groups;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && (g5 === 0 || g5 === 0xffff)) return true; // ::, ::1, IPv4-compatible, IPv4-mapped
  if (g0 === 0x64 && g1 === 0xff9b) return true; // NAT64: an IPv4 address in disguise
  if (g0 === 0x2002) return ipv4Refused([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]); // 6to4 carries its IPv4
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique-local, including fd00:ec2::254 (a cloud metadata service)
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true; // link-local, old site-local
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only
  return false;
}
