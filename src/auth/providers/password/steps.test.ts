import { describe, expect, it } from "vitest";
import { type RegisterState, registerStep } from "./register-step";
import { isResetStale, type ResetState, resetStep } from "./reset-step";
import { type SignInState, signInStep } from "./sign-in-step";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const GOOD = "correct horse battery staple";

describe("signInStep", () => {
  const start: SignInState = { type: "start" };
  const stepUp: SignInState = { type: "step_up", challengeId: "code_1", email: "a@example.com", userId: "usr_1" };

  it("checks a password for a valid email, normalising the email", () => {
    expect(signInStep(start, form({ email: " A@Example.com ", password: GOOD }))).toEqual({
      kind: "check_password",
      email: "a@example.com",
      password: GOOD,
    });
  });

  it("refuses an invalid email before anything else", () => {
    expect(signInStep(start, form({ email: "nope", password: GOOD })).kind).toBe("invalid_email");
    expect(signInStep(start, form({ password: GOOD })).kind).toBe("invalid_email");
  });

  it("does not evaluate an empty password or one longer than any accepted", () => {
    expect(signInStep(start, form({ email: "a@example.com", password: "" })).kind).toBe("wrong_password");
    expect(signInStep(start, form({ email: "a@example.com", password: "x".repeat(10_000) })).kind).toBe(
      "wrong_password",
    );
  });

  it("verifies or resends the step-up code only in the step-up state", () => {
    expect(signInStep(stepUp, form({ action: "verify", code: "123456" }))).toEqual({
      kind: "verify_step_up",
      state: stepUp,
      code: "123456",
    });
    expect(signInStep(stepUp, form({ action: "request", email: "a@example.com" }))).toEqual({
      kind: "resend_step_up",
      state: stepUp,
    });
    expect(signInStep(start, form({ action: "verify", code: "123456" })).kind).toBe("restart");
    expect(signInStep(start, form({ action: "request", email: "a@example.com" })).kind).toBe("restart");
  });

  it("treats a password post in the step-up state as a new attempt", () => {
    expect(signInStep(stepUp, form({ email: "b@example.com", password: GOOD })).kind).toBe("check_password");
  });
});

describe("registerStep", () => {
  const start: RegisterState = { type: "start" };
  const code: RegisterState = { type: "code", challengeId: "code_1", email: "a@example.com" };
  const register = (fields: Record<string, string>) => form({ action: "register", ...fields });

  it("starts a sign-up with a valid email and a password that passes the policy", () => {
    expect(registerStep(start, register({ email: "A@example.com", password: GOOD, repeat: GOOD }))).toEqual({
      kind: "start_sign_up",
      email: "a@example.com",
      password: GOOD,
    });
  });

  it("says what is wrong with the form, keeping or resetting the state", () => {
    expect(registerStep(start, register({ email: "bad", password: GOOD, repeat: GOOD }))).toEqual({
      kind: "render",
      state: start,
      message: "Enter a valid email address.",
    });
    expect(registerStep(start, register({ email: "a@example.com", password: GOOD, repeat: "other" }))).toMatchObject({
      kind: "render",
      message: "Passwords do not match.",
    });
    const weak = registerStep(start, register({ email: "a@example.com", password: "password", repeat: "password" }));
    expect(weak).toMatchObject({ kind: "render", state: start });
    expect(weak.kind === "render" && weak.message).toBeTruthy();
  });

  it("makes register on the code page a resend for the email it started with", () => {
    expect(registerStep(code, register({ email: "other@example.com" }))).toEqual({ kind: "resend", state: code });
  });

  it("verifies a code only on the code page", () => {
    expect(registerStep(code, form({ action: "verify", code: "1" }))).toEqual({
      kind: "verify",
      state: code,
      code: "1",
    });
    expect(registerStep(start, form({ action: "verify", code: "1" }))).toEqual({ kind: "render", state: start });
  });

  it("starts over on anything else", () => {
    expect(registerStep(code, form({ action: "other" }))).toEqual({ kind: "render", state: { type: "start" } });
  });
});

describe("resetStep", () => {
  const redirect = "http://localhost/callback";
  const start: ResetState = { type: "start", redirect };
  const code: ResetState = { type: "code", challengeId: "code_1", email: "a@example.com", redirect };
  const update: ResetState = { ...code, type: "update" };

  it("sends a code for a valid email, or the one the code page started with", () => {
    expect(resetStep(start, form({ action: "code", email: "A@example.com" }))).toEqual({
      kind: "send_code",
      email: "a@example.com",
      state: start,
    });
    expect(resetStep(code, form({ action: "code" }))).toEqual({
      kind: "send_code",
      email: "a@example.com",
      state: code,
    });
    expect(resetStep(start, form({ action: "code", email: "bad" }))).toEqual({
      kind: "render",
      state: start,
      message: "Enter a valid email address.",
    });
  });

  it("verifies only on the code page and updates only after verifying", () => {
    expect(resetStep(code, form({ action: "verify", code: "1" }))).toEqual({ kind: "verify", state: code, code: "1" });
    expect(resetStep(start, form({ action: "verify", code: "1" }))).toEqual({ kind: "render", state: start });
    expect(resetStep(code, form({ action: "update", password: GOOD, repeat: GOOD }))).toEqual({
      kind: "render",
      state: start,
    });
    expect(resetStep(update, form({ action: "update", password: GOOD, repeat: GOOD }))).toEqual({
      kind: "update",
      state: update,
      password: GOOD,
    });
  });

  it("answers the second factor only on its form, and never takes a new password in its place", () => {
    const secondFactor: ResetState = { ...code, type: "second_factor", challenge: "nonce" };
    expect(resetStep(secondFactor, form({ action: "second_factor", code: "123456" }))).toEqual({
      kind: "second_factor",
      state: secondFactor,
      code: "123456",
    });
    expect(resetStep(secondFactor, form({ action: "update", password: GOOD, repeat: GOOD }))).toEqual({
      kind: "render",
      state: secondFactor,
      message: "Enter the code from your authenticator app first.",
    });
    expect(resetStep(code, form({ action: "second_factor", code: "123456" }))).toEqual({
      kind: "render",
      state: start,
    });
  });

  it("checks the new password before updating", () => {
    expect(resetStep(update, form({ action: "update", password: GOOD, repeat: "x" }))).toMatchObject({
      kind: "render",
      state: update,
      message: "Passwords do not match.",
    });
    expect(resetStep(update, form({ action: "update", password: "short", repeat: "short" }))).toMatchObject({
      kind: "render",
      state: update,
    });
  });

  it("keeps the redirect when starting over", () => {
    expect(resetStep(update, form({}))).toEqual({ kind: "render", state: start });
  });
});

describe("isResetStale", () => {
  const verifiedAt = "2026-01-01T00:00:00.000Z";
  const later = (seconds: number) => new Date(Date.parse(verifiedAt) + seconds * 1000);

  it("accepts an update within the code's lifetime when the password has not changed since", () => {
    expect(isResetStale(verifiedAt, null, later(599))).toBe(false);
    expect(isResetStale(verifiedAt, "2025-12-31T00:00:00.000Z", later(1))).toBe(false);
  });

  it("refuses an update after the code's lifetime, or after a later password change (a replay)", () => {
    expect(isResetStale(verifiedAt, null, later(601))).toBe(true);
    expect(isResetStale(verifiedAt, verifiedAt, later(1))).toBe(true);
    expect(isResetStale(verifiedAt, "2026-01-01T00:00:05.000Z", later(10))).toBe(true);
  });
});
