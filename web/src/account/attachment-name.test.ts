import { describe, expect, it } from "vitest";
import { attachmentName } from "./attachment-name";

describe("attachmentName", () => {
  it("takes the server's file name", () => {
    expect(attachmentName('attachment; filename="edge-identity-export-usr_1.json"')).toBe(
      "edge-identity-export-usr_1.json",
    );
  });

  it("falls back to a name of its own without one, or for one holding a path", () => {
    expect(attachmentName(null)).toBe("edge-identity-export.json");
    expect(attachmentName("attachment")).toBe("edge-identity-export.json");
    expect(attachmentName('attachment; filename="../x.json"')).toBe("edge-identity-export.json");
    expect(attachmentName('attachment; filename=" "')).toBe("edge-identity-export.json");
  });
});
