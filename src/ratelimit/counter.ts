/**
 * One fixed-window hit counter per rate-limit key. Each key has its own
 * Durable Object, so every isolate and location counts against the same number.
 */
import { DurableObject } from "cloudflare:workers";

export interface WindowCount {
  totalHits: number;
  /** Milliseconds since the epoch when the window ends. */
  resetAt: number;
}

interface StoredWindow {
  hits: number;
  resetAt: number;
}

const WINDOW_KEY = "window";

export class RateLimitCounter extends DurableObject {
  /** Counts one hit in the current window (a new window starts when the last one has ended). */
  async hit(windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    const window = current && current.resetAt > now ? current : { hits: 0, resetAt: now + windowMs };
    window.hits += 1;
    await this.ctx.storage.put(WINDOW_KEY, window);
    // Forget the key once its window is over, so idle keys cost no storage.
    await this.ctx.storage.setAlarm(window.resetAt);
    return { totalHits: window.hits, resetAt: window.resetAt };
  }

  async peek(): Promise<WindowCount | null> {
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    if (!current || current.resetAt <= Date.now()) return null;
    return { totalHits: current.hits, resetAt: current.resetAt };
  }

  async undo(): Promise<void> {
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    if (current && current.hits > 0) {
      current.hits -= 1;
      await this.ctx.storage.put(WINDOW_KEY, current);
    }
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    if (!current || current.resetAt <= Date.now()) await this.ctx.storage.deleteAll();
  }
}
