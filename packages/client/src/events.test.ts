import { describe, expect, it } from "vitest";
import { createEmitter } from "./events";

describe("session events", () => {
  it("calls each listener of an event until it unsubscribes", () => {
    const emitter = createEmitter<{ status: string }>();
    const heard: string[] = [];
    const stop = emitter.on("status", (status) => heard.push(status));
    emitter.emit("status", "signed-in");
    stop();
    emitter.emit("status", "signed-out");
    expect(heard).toEqual(["signed-in"]);
  });

  it("does not deliver an event to a listener added while it is delivered", () => {
    const emitter = createEmitter<{ status: string }>();
    const heard: string[] = [];
    emitter.on("status", (status) => {
      heard.push(`first ${status}`);
      if (status === "signed-in") emitter.on("status", (later) => heard.push(`added ${later}`));
    });
    emitter.emit("status", "signed-in");
    emitter.emit("status", "signed-out");
    expect(heard).toEqual(["first signed-in", "first signed-out", "added signed-out"]);
  });
});
