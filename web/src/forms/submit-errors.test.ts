import { describe, expect, it } from "vitest";
import { ApiError, type Problem } from "../api/problems";
import { splitSubmitError } from "./submit-errors";

const problem = (code: Problem["code"], extra: Partial<Problem> = {}): Problem => ({
  type: `/api/problems/${code}`,
  title: code,
  status: 400,
  detail: `detail of ${code}`,
  code,
  ...extra,
});

const invalid = (...errors: { path: string; message: string }[]) =>
  new ApiError(400, problem("validation_failed", { errors }));

describe("splitSubmitError of a validation problem", () => {
  it("shows nothing when there is no error", () => {
    expect(splitSubmitError(null, { fields: ["name"] })).toEqual({ fields: {}, form: null });
  });

  it("puts each validation message beside the field it names, and none on the form", () => {
    const error = invalid({ path: "first_name", message: "Too long." }, { path: "last_name", message: "Required." });
    expect(splitSubmitError(error, { fields: ["first_name", "last_name"] })).toEqual({
      fields: { first_name: "Too long.", last_name: "Required." },
      form: null,
    });
  });

  it("keeps on the form the messages of fields the form does not show", () => {
    const error = invalid(
      { path: "first_name", message: "Too long." },
      { path: "preferences.locale", message: "Bad." },
    );
    expect(splitSubmitError(error, { fields: ["first_name"] })).toEqual({
      fields: { first_name: "Too long." },
      form: "Bad.",
    });
  });

  it("joins two messages about one field", () => {
    const error = invalid({ path: "email", message: "Not an address." }, { path: "email", message: "Too long." });
    expect(splitSubmitError(error, { fields: ["email"] }).fields).toEqual({ email: "Not an address. Too long." });
  });

  it("says the general words when a validation problem names no field", () => {
    const split = splitSubmitError(invalid(), { fields: ["email"] });
    expect(split.fields).toEqual({});
    expect(split.form).toBe("Some fields are missing or not valid.");
  });
});

describe("splitSubmitError of any other refusal", () => {
  it("puts a code the form declares about a field beside that field, in the form's words", () => {
    const error = new ApiError(409, problem("conflict"));
    const form = { fields: ["email"], codesOnFields: { conflict: { path: "email", message: "Taken." } } };
    expect(splitSubmitError(error, form)).toEqual({ fields: { email: "Taken." }, form: null });
  });

  it("falls back to the app's words for a declared code without words of its own", () => {
    const error = new ApiError(409, problem("already_member"));
    const form = { fields: ["email"], codesOnFields: { already_member: { path: "email" } } };
    expect(splitSubmitError(error, form).fields).toEqual({
      email: "This person is already a member of the workspace.",
    });
  });

  it("keeps a declared code on the form when the form does not show that field", () => {
    const error = new ApiError(409, problem("conflict"));
    const form = { codesOnFields: { conflict: { path: "email", message: "Taken." } } };
    expect(splitSubmitError(error, form)).toEqual({ fields: {}, form: "Taken." });
  });

  it("says any other refusal on the form, in the app's words for its code", () => {
    const error = new ApiError(429, problem("rate_limited"));
    expect(splitSubmitError(error, { fields: ["email"] })).toEqual({
      fields: {},
      form: "Too many attempts. Wait a moment and try again.",
    });
  });

  it("says a failed network call on the form", () => {
    expect(splitSubmitError(new ApiError(0, null), {}).form).toMatch(/could not be reached/);
    expect(splitSubmitError(new Error("boom"), {}).form).toBe("boom");
  });
});
