// The peer's set-up, through Better Auth's own HTTP API where a team's app would use it: its tables from its own
// migration plan, the owner and a viewer signed up and signed in by password (the bearer plugin hands back the
// session token), the organizations created by the owner, then members inserted straight into D1, as our
// /__bench/seed does. Checks that the question answers yes for the owner and no for the viewer, and the counts.

const OWNER = { email: "bench-owner@example.com", password: "peer-owner-password-1", name: "Bench Owner" };
const VIEWER = { email: "bench-viewer@example.com", password: "peer-viewer-password-1", name: "Bench Viewer" };

async function call(peerUrl, method, path, { token, body, status = 200 } = {}) {
  const response = await fetch(new URL(path, peerUrl), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
      // Better Auth refuses a state-changing request whose origin it does not trust; ours is its baseURL.
      origin: "http://127.0.0.1",
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status !== status) {
    throw new Error(`peer ${method} ${path}: expected ${status}, got ${response.status}: ${await response.text()}`);
  }
  return response;
}

/** Signs a person up, then in, by password; returns their user id and the bearer token. */
async function signedIn(peerUrl, person) {
  await call(peerUrl, "POST", "/api/auth/sign-up/email", { body: person });
  const response = await call(peerUrl, "POST", "/api/auth/sign-in/email", {
    body: { email: person.email, password: person.password },
  });
  const token = response.headers.get("set-auth-token");
  const { user } = await response.json();
  if (!token || !user?.id) throw new Error(`peer sign-in gave no bearer token for ${person.email}`);
  return { id: user.id, token };
}

export const canEditPath = (organizationId) => `/workspaces/${organizationId}/can-edit`;

/** An organization of the owner's, with the viewer and `seed - 1` seeded members: `seed + 1` in all, as ours. */
async function organizationWith(peerUrl, owner, viewer, name, seed) {
  const created = await call(peerUrl, "POST", "/api/auth/organization/create", {
    token: owner.token,
    body: { name, slug: name.toLowerCase().replaceAll(" ", "-") },
  });
  const { id } = await created.json();
  await call(peerUrl, "POST", `/__peer/member?organization=${id}&user=${viewer.id}`);
  const seeded = performance.now();
  if (seed > 1) await call(peerUrl, "POST", `/__peer/seed?organization=${id}&count=${seed - 1}`);
  const seedMs = Math.round(performance.now() - seeded);
  const { members } = await (await call(peerUrl, "GET", `/__peer/members?organization=${id}`)).json();
  if (members !== seed + 1) throw new Error(`peer "${name}" has ${members} members, expected ${seed + 1}`);
  for (const [who, token, expected] of [
    ["owner", owner.token, true],
    ["viewer", viewer.token, false],
  ]) {
    const answer = await (await call(peerUrl, "GET", canEditPath(id), { token })).json();
    if (answer.can_edit !== expected) {
      throw new Error(`peer "${name}": the ${who} may edit? ${JSON.stringify(answer)}, expected ${expected}`);
    }
  }
  return { id, members, seed_ms: seedMs };
}

/** The peer's tables, people and two organizations (`small` and `big` seeded members besides the owner). */
export async function preparePeer(peerUrl, { small, big }) {
  const migrated = await (await call(peerUrl, "POST", "/__peer/migrate")).json();
  const owner = await signedIn(peerUrl, OWNER);
  const viewer = await signedIn(peerUrl, VIEWER);
  return {
    tables: migrated.created,
    token: owner.token,
    small: await organizationWith(peerUrl, owner, viewer, "Peer small", small),
    big: await organizationWith(peerUrl, owner, viewer, "Peer big", big),
  };
}
