/**
 * The people of the tests: one password and fresh addresses. Plain TypeScript with no imports, so the Node tests
 * (test/node) can use it as well as the Workers tests.
 */

/** A password the policy accepts (long enough, not a common one); a test that needs a second one names its own. */
export const PASSWORD = "correct horse battery staple";

let made = 0;

/**
 * An address no other test uses: the counter keeps it unique within a file, the random part across files, which
 * run in parallel and may share the development mailbox and the rate-limit counters keyed by address.
 */
export function nextEmail(label: string, domain = "example.com"): string {
  made++;
  return `${label}-${made}-${crypto.randomUUID().slice(0, 8)}@${domain}`;
}
