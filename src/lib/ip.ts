/** The caller's address as Cloudflare reports it, and a coarse form of it that is safe to keep. */

export function clientIp(headers: Headers): string {
  return headers.get("cf-connecting-ip")?.trim() ?? "";
}

/** IPv4 to its /24, IPv6 to its /48: enough to recognise a network, not a person. */
export function coarseIp(ip: string): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(":")) {
    const [head = ""] = ip.split("::");
    const groups = head.split(":").filter(Boolean);
    const full = ip.includes("::") ? [...groups, "0", "0", "0"].slice(0, 3) : ip.split(":").slice(0, 3);
    return `${full.map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/48`;
  }
  return "";
}

/**
 * The unit a per-IP rate limit counts: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
 * whole /64, so counting single IPv6 addresses would let one client rotate past the limit).
 */
export function rateLimitIpKey(ip: string): string {
  if (!ip.includes(":")) return ip || "unknown";
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head.split(":").filter(Boolean);
  const right = tail.split(":").filter(Boolean);
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
