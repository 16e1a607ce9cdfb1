/** Starts `npm run dev` exactly as a newcomer would, on free ports and its own state directory, and stops it. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface DevServer {
  origin: string;
  /** The devtools port `INSPECTOR_PORT` asked for. */
  inspectorPort: number;
  /** Milliseconds from start until /api/health answered 200. */
  startupMs: number;
  /** Everything `npm run dev` printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** A port no one listens on right now (the system picks it), so tests never collide with other servers. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForHealth(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.status === 200) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("npm run dev did not answer /api/health in time");
}

/** `vars`: environment variables for `npm run dev`, such as ALLOWED_ORIGINS and OAUTH_CLIENT_IDS (scripts/dev.mjs). */
export async function startDevServer(timeoutMs = 90_000, vars: Record<string, string> = {}): Promise<DevServer> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), "edge-identity-dev-"));
  const started = Date.now();
  const child = spawn("npm", ["run", "dev"], {
    env: {
      ...process.env,
      ...vars,
      PORT: String(port),
      INSPECTOR_PORT: String(inspectorPort),
      DEV_STATE_DIR: state,
      // Servers started side by side share web/dist: one rebuilding it under another breaks that one's pages
      // (scripts/dev.mjs). `npm test` and the browser tests' global setup build it once beforehand.
      DEV_SKIP_WEB_BUILD: existsSync(join("web", "dist", "index.html")) ? "1" : "",
      CI: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const origin = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(origin, child, started + timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${output.slice(-4000)}`);
  }
  return { origin, inspectorPort, startupMs: Date.now() - started, output: () => output, stop };
}
