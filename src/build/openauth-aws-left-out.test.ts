import { describe, expect, it } from "vitest";
import { DynamoStorage, handle, OPENAUTH_AWS_LEFT_OUT_MESSAGE } from "./openauth-aws-left-out";

describe("the production build's stand-in for OpenAuth's DynamoDB storage and Hono's AWS adapter (decision 0040)", () => {
  it("throws, if ever reached, an error that says what is missing and what to do", () => {
    expect(() => DynamoStorage()).toThrow(OPENAUTH_AWS_LEFT_OUT_MESSAGE);
    expect(() => handle()).toThrow(OPENAUTH_AWS_LEFT_OUT_MESSAGE);
    expect(OPENAUTH_AWS_LEFT_OUT_MESSAGE).toMatch(/not in this build \(decision 0040\).*unset OPENAUTH_STORAGE/);
  });
});
