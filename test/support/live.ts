/** Live sockets for the Workers tests: a ticket, a real WebSocket through the worker, and waiting for its frames. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { call, type User } from "./http";

export async function ticketFor(user: User, workspaceId: string): Promise<string> {
  const answer = await call(user, "POST", `/workspaces/${workspaceId}/live/ticket`);
  expect(answer.status).toBe(200);
  expect(answer.body.expires_in).toBe(30);
  return answer.body.ticket as string;
}

/** Opens `GET /api/workspaces/:id/live` as a browser would (Upgrade: websocket); the answer, socket or not. */
export function upgrade(
  workspaceId: string,
  query: string,
  headers: Record<string, string> = { upgrade: "websocket" },
) {
  return SELF.fetch(`http://localhost/api/workspaces/${workspaceId}/live${query}`, { headers });
}

export interface LiveClient {
  socket: WebSocket;
  frames: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once `count` frames have arrived in all (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<Record<string, unknown>[]>;
  isClosed(): boolean;
}

export async function openLive(user: User, workspaceId: string, since?: number): Promise<LiveClient> {
  const ticket = await ticketFor(user, workspaceId);
  const response = await upgrade(workspaceId, `?ticket=${ticket}${since === undefined ? "" : `&since=${since}`}`);
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error("no WebSocket on a 101 answer");
  return listen(socket);
}

function listen(socket: WebSocket): LiveClient {
  const frames: Record<string, unknown>[] = [];
  let closedFlag = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener("close", (event) => {
      closedFlag = true;
      resolve({ code: event.code, reason: event.reason });
    });
  });
  socket.addEventListener("message", (event) => {
    // "pong" (the automatic answer to "ping") is the one frame that is not JSON.
    if (typeof event.data === "string" && event.data !== "pong") frames.push(JSON.parse(event.data));
  });
  socket.accept();
  const waitFor = async (count: number, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (frames.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} frames, have ${JSON.stringify(frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return frames;
  };
  return { socket, frames, closed, waitFor, isClosed: () => closedFlag };
}

/** Gives frames that would (wrongly) arrive a moment to do so, for tests that check something was NOT sent. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

export const typesOf = (frames: Record<string, unknown>[]) => frames.map((frame) => frame.type);
