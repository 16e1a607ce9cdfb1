/**
 * A session's browser and system in a few words ("Chrome on Linux"), so a person recognises their devices. The
 * words are the server's (src/lib/user-agent.ts, also used in security mail), so a mail and the sessions list
 * name a device alike; only an empty agent reads as a label here rather than inside a sentence.
 */
import { describeUserAgent as describeInSentence } from "../../../src/lib/user-agent";

export function describeUserAgent(userAgent: string): string {
  return userAgent.trim() ? describeInSentence(userAgent) : "Unknown device";
}
