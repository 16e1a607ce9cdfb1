// Sign-in throughput end to end, by password and by emailed code, at four connections, and scrypt's share of a
// password sign-in: the set-up here, the measuring in sign-ins.mjs (its own process). See bench/README.md.
import { FormBrowser, signUpWithPassword } from "../test/support/sign-in-client.ts";

const CONCURRENCY = 4;
/** One account per connection: a right password gives its failure reservations back, so one account can repeat. */
const PASSWORD_ACCOUNTS = CONCURRENCY;
const PASSWORD = "bench sign-in password, long enough";
/** Code sign-ins take seeded accounts (`seed<n>@example.com`), one each: an address gets 5 codes per 15 minutes. */
const CODE_ACCOUNTS = 5_000;

/** The sign-in plan from the bench's plan: windows twice the load phase's (a sign-in takes tens of requests' time). */
export function signInPlan(plan) {
  return { concurrency: CONCURRENCY, rounds: plan.rounds, windowMs: 2 * plan.windowMs, warmupMs: plan.windowMs };
}

/** Signs up the password accounts through the real form (register, the mailed code, POST /token). */
async function passwordAccounts(baseUrl) {
  const emails = Array.from({ length: PASSWORD_ACCOUNTS }, (_, i) => `bench-password-${i + 1}@example.com`);
  for (const [i, email] of emails.entries()) {
    const browser = new FormBrowser(baseUrl, { headers: { "cf-connecting-ip": `10.255.0.${i + 1}` } });
    await signUpWithPassword(baseUrl, email, PASSWORD, { browser });
  }
  return emails;
}

/**
 * Runs the sign-in driver; `seededAccounts` is how many `seed<n>` accounts D1 holds. Answers each kind's sign-ins per
 * second and p50, and scrypt's share: sign-ins per second divided by verifications per second of scrypt alone (if a
 * sign-in cost nothing but its verification, the two would be equal).
 */
export async function measureSignIns({ baseUrl, plan, seededAccounts, runProcess, timeoutMs }) {
  if (seededAccounts < CODE_ACCOUNTS) throw new Error(`code sign-ins need ${CODE_ACCOUNTS} seeded accounts`);
  const emails = await passwordAccounts(baseUrl);
  const codeEmails = Array.from({ length: CODE_ACCOUNTS }, (_, i) => `seed${i + 1}@example.com`);
  const measured = await runProcess(
    "sign-ins.mjs",
    { ...plan, baseUrl, password: { emails, password: PASSWORD }, codeEmails },
    timeoutMs,
  );
  const byName = Object.fromEntries(measured.results.map((row) => [row.name, row]));
  const password = byName["sign-in: password"];
  const scrypt = byName["scrypt alone"];
  return {
    plan,
    results: measured.results,
    code_accounts_used: measured.code_accounts_used,
    scrypt_share_of_password_sign_in: Math.round((password.per_second / scrypt.per_second) * 100) / 100,
  };
}

export function printSignIns(signIns) {
  console.log(`\nsign-ins end to end at ${signIns.plan.concurrency} connections (each from its own address):`);
  for (const row of signIns.results) {
    console.log(
      `  ${row.name.padEnd(18)} ${String(row.per_second).padStart(7)}/s  (rounds ${Math.min(...row.per_second_rounds)}–${Math.max(...row.per_second_rounds)})  p50 ${row.p50_ms} ms  ${row.http_requests_each} HTTP requests each`,
    );
  }
  console.log(
    `  scrypt's share of a password sign-in: ${Math.round(signIns.scrypt_share_of_password_sign_in * 100)} % (password sign-ins per second ÷ scrypt verifications per second)`,
  );
}
