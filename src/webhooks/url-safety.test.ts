import { describe, expect, it } from "vitest";
import { checkWebhookUrl, ipv4Refused, parseIpv6 } from "./url-safety";

const production = { development: false };
const refused = (url: string) => checkWebhookUrl(url, production).ok === false;

describe("webhook URL safety (outside development)", () => {
  it("accepts https URLs on public hosts and public IP literals", () => {
    for (const url of [
      "https://example.com/hooks",
      "https://hooks.example.co.uk:8443/a?b=c",
      "https://8.8.8.8/x",
      "https://[2606:4700:4700::1111]/x",
      "https://[2002:0808:0808::1]/x",
    ]) {
      expect(checkWebhookUrl(url, production), url).toEqual({ ok: true, url: new URL(url).href });
    }
  });

  it("refuses what is not an https URL", () => {
    for (const url of ["http://example.com/", "ftp://example.com/", "javascript:alert(1)", "not a url", ""]) {
      expect(refused(url), url).toBe(true);
    }
  });

  it("refuses credentials in the URL and URLs over the length limit", () => {
    expect(refused("https://user:pass@example.com/")).toBe(true);
    expect(refused(`https://example.com/${"a".repeat(2048)}`)).toBe(true);
  });

  it("refuses localhost, *.localhost and internal-only names", () => {
    for (const host of [
      "localhost",
      "LOCALHOST",
      "localhost.",
      "api.localhost",
      "printer.local",
      "db.internal",
      "nas.home.arpa",
      "intranet",
    ]) {
      expect(refused(`https://${host}/`), host).toBe(true);
    }
  });

  it("refuses IPv4 literals in private, loopback, link-local, CGNAT, metadata and reserved ranges", () => {
    for (const host of [
      "0.0.0.0",
      "10.0.0.1",
      "10.255.255.255",
      "100.64.0.1",
      "100.127.255.254",
      "127.0.0.1",
      "127.1.2.3",
      "169.254.169.254",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "192.0.0.170",
      "198.18.0.1",
      "224.0.0.1",
      "255.255.255.255",
    ]) {
      expect(refused(`https://${host}/`), host).toBe(true);
    }
  });

  it("sees through the URL parser's other spellings of IPv4 addresses", () => {
    for (const host of ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0xa9fea9fe"]) {
      expect(refused(`https://${host}/`), host).toBe(true);
    }
  });

  it("keeps the edges of the ranges public", () => {
    for (const host of ["9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0"]) {
      expect(refused(`https://${host}/`), host).toBe(false);
    }
  });

  it("refuses IPv6 loopback, unspecified, link-local, unique-local, metadata, multicast and IPv4 in disguise", () => {
    for (const host of [
      "[::1]",
      "[::]",
      "[fe80::1]",
      "[fc00::1]",
      "[fd12:3456::1]",
      "[fd00:ec2::254]",
      "[ff02::1]",
      "[::ffff:127.0.0.1]",
      "[::ffff:169.254.169.254]",
      "[::ffff:8.8.8.8]",
      "[::127.0.0.1]",
      "[64:ff9b::10.0.0.1]",
      "[2002:7f00:1::]",
      "[2001:db8::1]",
    ]) {
      expect(refused(`https://${host}/`), host).toBe(true);
    }
  });

  it("allows http and loopback in development (a receiver on the same machine), and nothing else more", () => {
    const development = { development: true };
    for (const url of ["http://localhost:8787/hook", "http://127.0.0.1/x", "http://[::1]/", "http://example.com/"]) {
      expect(checkWebhookUrl(url, development).ok, url).toBe(true);
    }
    for (const url of [
      "ftp://localhost/",
      "https://169.254.169.254/",
      "http://10.0.0.1/",
      "https://[fd00:ec2::254]/",
    ]) {
      expect(checkWebhookUrl(url, development).ok, url).toBe(false);
    }
  });
});

describe("address parsing", () => {
  it("expands IPv6 with :: and a dotted tail", () => {
    expect(parseIpv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6("1::2::3")).toBeNull();
    expect(parseIpv6("1:2:3")).toBeNull();
    expect(parseIpv6("12345::")).toBeNull();
  });

  it("tests IPv4 ranges by prefix", () => {
    expect(ipv4Refused([172, 20, 0, 1])).toBe(true);
    expect(ipv4Refused([1, 1, 1, 1])).toBe(false);
  });
});
