/**
 * A device in a few words ("Chrome on Linux") from its User-Agent header, so a person recognises it in a
 * security mail and in the web app's sessions list (web/src/ui/user-agent.ts).
 */

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** An unknown agent is shown as sent, cut short: a mail must not carry a header's whole length. */
const RAW_AGENT_MAX_LENGTH = 60;

const firstMatch = (text: string, table: [RegExp, string][]) => table.find(([pattern]) => pattern.test(text))?.[1];

export function describeUserAgent(userAgent: string | undefined): string {
  const agent = (userAgent ?? "").trim();
  const browser = firstMatch(agent, BROWSERS);
  const system = firstMatch(agent, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return (browser ?? system) as string;
  return agent ? agent.slice(0, RAW_AGENT_MAX_LENGTH) : "an unknown device";
}
