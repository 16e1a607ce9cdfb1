// Sign-ins end to end at four connections, in their own process (like load.mjs): password sign-ins, emailed-code
// sign-ins, and one scrypt verification alone (GET /__bench/scrypt), interleaved round by round. Every sign-in is the
// whole browser flow through the shared sign-in client (test/support/sign-in-client.ts): /authorize with PKCE, the
// form, (the code from the development mailbox), POST /token; each from its own address (cf-connecting-ip), as
// sign-ins from many people would come, so the per-address limits (500 form steps per 15 minutes) do not refuse them.
//
// Input: one JSON argument (see run-extras.mjs). Output: one JSON line on stdout.
import {
  expectStatus,
  FormBrowser,
  finishAuthorization,
  mailbox,
  signInWithPassword,
  startAuthorization,
} from "../test/support/sign-in-client.ts";

const plan = JSON.parse(process.argv[2] ?? "{}");
const { baseUrl, concurrency, rounds, windowMs, warmupMs, password, codeEmails } = plan;
if (new URL(baseUrl).hostname !== "127.0.0.1") throw new Error("the sign-in driver only targets 127.0.0.1");

/** How often the code sign-in looks in the mailbox: a person reads mail slower, but the bench measures the server. */
const MAILBOX_POLL_MS = 5;
const MAILBOX_WAIT_MS = 10_000;

let requests = 0;
let addressCounter = 0;
/** A browser with its own address, counting the requests it makes. */
function freshBrowser() {
  addressCounter++;
  const ip = `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
  const send = (url, init) => {
    requests++;
    return fetch(url, init);
  };
  return { browser: new FormBrowser(baseUrl, { fetch: send, headers: { "cf-connecting-ip": ip } }), send };
}

async function codeFrom(email, send) {
  const deadline = Date.now() + MAILBOX_WAIT_MS;
  while (Date.now() < deadline) {
    const code = /\b(\d{6})\b/.exec((await mailbox(baseUrl, email, send))[0]?.text ?? "")?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, MAILBOX_POLL_MS));
  }
  throw new Error(`no code mailed to ${email}`);
}

/** Each code sign-in takes the next seeded account: an address is mailed at most 5 codes per 15 minutes. */
let nextCodeEmail = 0;
async function codeSignIn() {
  const email = codeEmails[nextCodeEmail++];
  if (!email) throw new Error("ran out of seeded accounts for code sign-ins: raise the count in run-extras.mjs");
  const { browser, send } = freshBrowser();
  const verifier = await startAuthorization(browser, "code");
  await expectStatus(await browser.get("/code/authorize"), 200, "GET /code/authorize");
  await expectStatus(await browser.post("/code/authorize", { action: "request", email }), 200, "request a code");
  const code = await codeFrom(email, send);
  const done = await browser.post("/code/authorize", { action: "verify", email, code });
  return finishAuthorization(browser, done, verifier);
}

let nextPasswordAccount = 0;
function passwordSignIn() {
  const email = password.emails[nextPasswordAccount++ % password.emails.length];
  return signInWithPassword(baseUrl, email, password.password, { browser: freshBrowser().browser });
}

async function scryptAlone() {
  requests++;
  const response = await expectStatus(await fetch(`${baseUrl}/__bench/scrypt`), 200, "GET /__bench/scrypt");
  if (!(await response.json()).valid) throw new Error("the bench's scrypt verification failed");
}

const KINDS = { "sign-in: password": passwordSignIn, "sign-in: code": codeSignIn, "scrypt alone": scryptAlone };

/** Runs one kind on `concurrency` loops for `ms`; in-flight flows finish and count. */
async function measure(run, ms) {
  const latencies = [];
  const before = requests;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - start < ms) {
        const t0 = performance.now();
        await run();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { latencies, rps: latencies.length / seconds, requests: requests - before };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};
const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

for (const run of Object.values(KINDS)) await measure(run, warmupMs);
const windows = new Map(Object.keys(KINDS).map((name) => [name, []]));
// Interleaved, A B C A B C …, as the load phase does.
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(KINDS)) windows.get(name).push(await measure(run, windowMs));
}
const results = [...windows].map(([name, list]) => {
  const done = list.reduce((n, w) => n + w.latencies.length, 0);
  return {
    name,
    concurrency,
    completed: done,
    per_second: round(median(list.map((w) => w.rps)), 1),
    per_second_rounds: list.map((w) => round(w.rps, 1)),
    p50_ms: round(median(list.flatMap((w) => w.latencies)), 1),
    http_requests_each: round(list.reduce((n, w) => n + w.requests, 0) / done, 1),
  };
});
process.stdout.write(`${JSON.stringify({ results, code_accounts_used: nextCodeEmail })}\n`);
