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

  it("puts plain words for each refused field beside it, and none on the form", () => {
    const error = invalid(
      { path: "first_name", message: "must be at most 100 characters" },
      { path: "last_name", message: "must not be empty" },
    );
    expect(splitSubmitError(error, { fields: ["first_name", "last_name"] })).toEqual({
      fields: { first_name: "Use at most 100 characters.", last_name: "Enter a last name." },
      form: null,
    });
  });

  it("keeps on the form the words for fields the form does not show", () => {
    const error = invalid(
      { path: "first_name", message: "must be at most 100 characters" },
      { path: "preferences.locale", message: "Too big: expected string to have <=35 characters" },
    );
    expect(splitSubmitError(error, { fields: ["first_name"] })).toEqual({
      fields: { first_name: "Use at most 100 characters." },
      form: "Some fields are missing or not valid.",
    });
  });

  it("joins two refusals of one field, and says the same words once", () => {
    const twice = invalid({ path: "email", message: "Invalid input" }, { path: "email", message: "Too big" });
    expect(splitSubmitError(twice, { fields: ["email"] }).fields).toEqual({
      email: "Enter an email address like name@example.com.",
    });
    const two = invalid({ path: "name", message: "must not be empty" }, { path: "name", message: "too long: <= 100" });
    expect(splitSubmitError(two, { fields: ["name"] }).fields).toEqual({
      name: "Enter a name. Use at most 100 characters.",
    });
  });

  it("puts a list item's refusal beside the list's field, naming its line", () => {
    const error = invalid(
      { path: "redirect_uris.1", message: "must use https (http only for localhost)" },
      { path: "redirect_uris.3", message: "must not have a fragment" },
    );
    expect(splitSubmitError(error, { fields: ["redirect_uris"] })).toEqual({
      fields: {
        redirect_uris:
          "Line 2: Use an https:// address (http:// only for localhost). Line 4: Remove the # part from the address.",
      },
      form: null,
    });
    expect(splitSubmitError(error, { fields: ["name"] }).form).toMatch(/^Line 2: .* Line 4: /);
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
