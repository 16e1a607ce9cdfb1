/**
 * The webhook receiver of the Workers tests: an auxiliary worker that every outbound fetch of the worker under test
 * goes through (vitest.config.ts `outboundService`). Requests to `https://hooks.example.com/<key>` are recorded
 * under `<key>` and answered by that key's script (status, headers, delay); anything else is passed on. Tests set
 * scripts and read what arrived through the `WEBHOOK_RECEIVER` service binding (test/support/webhooks.ts).
 */
const RECEIVER_HOST = "hooks.example.com";
/** key → { replies: [{ status, headers, body, delayMs }], received: [{ headers, body, at }] } */
const inboxes = new Map();

function inbox(key) {
  let found = inboxes.get(key);
  if (!found) {
    found = { replies: [], received: [] };
    inboxes.set(key, found);
  }
  return found;
}

async function control(request, url) {
  const [, key, what] = url.pathname.split("/");
  const box = inbox(key);
  if (request.method === "PUT" && what === "replies") {
    box.replies = await request.json();
    return new Response(null, { status: 204 });
  }
  return Response.json(box.received);
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.hostname === "control") return control(request, url);
    if (url.hostname !== RECEIVER_HOST) return fetch(request);
    const box = inbox(url.pathname.slice(1));
    box.received.push({ headers: Object.fromEntries(request.headers), body: await request.text(), at: Date.now() });
    const reply = box.replies.length > 1 ? box.replies.shift() : (box.replies[0] ?? { status: 204 });
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    return new Response(reply.body ?? null, { status: reply.status, headers: reply.headers ?? {} });
  },
};
