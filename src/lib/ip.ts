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
