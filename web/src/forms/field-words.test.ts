import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "../../../src/lib/email";
import { parseName } from "../../../src/lib/names";
import { registrableUriProblem } from "../../../src/oidc/client-rules";
import { fieldWords, GENERAL_WORDS, LIMITS, PATHS_WITH_WORDS } from "./field-words";

/** The server's own message for a name, from the one name rule. */
const nameRefusal = (value: string) => {
  const parsed = parseName(value);
  if (parsed.ok) throw new Error(`"${value}" is a valid name`);
  return parsed.message;
};
/** What zod itself says when a schema refuses `value` (the default messages the server passes on). */
const zodSays = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message ?? "";

const EMAIL_RULE = `must be an email address of at most ${EMAIL_MAX_LENGTH} characters`;
const NAME_MESSAGES = {
  empty: nameRefusal("   "),
  long: nameRefusal("x".repeat(101)),
  characters: nameRefusal("Ann\u202e"),
};

/** Every refusal the API can give the web's forms, by the field (`errors[].path`) it names, and the words for it. */
const CASES: [path: string, message: string, words: string | RegExp][] = [
  ["email", EMAIL_RULE, "Enter an email address like name@example.com."],
  ["email", zodSays(z.string(), undefined), "Enter an email address like name@example.com."],
  ["email", "That is already the email of your account.", "This is already your email address."],
  ...(["name", "first_name", "last_name"] as const).flatMap((path): [string, string, string | RegExp][] => [
    [path, NAME_MESSAGES.empty, /^Enter a (first |last )?name\.$/],
    [path, NAME_MESSAGES.long, "Use at most 100 characters."],
    [path, NAME_MESSAGES.characters, "Remove line breaks, tabs and invisible characters."],
    [path, zodSays(z.string(), 7), /^Enter a (first |last )?name of 1 to 100 characters, on one line\.$/],
  ]),
  ["role", zodSays(z.enum(["owner", "editor", "viewer"]), "boss"), "Choose a role from the list."],
  ["platform_role", zodSays(z.enum(["user", "admin"]), "root"), "Choose a platform role from the list."],
  ["user_id", zodSays(z.string().min(1), ""), "Choose a member from the list."],
  ["preferences.theme", zodSays(z.enum(["system", "light", "dark"]), "pink"), /^Choose light, dark/],
  ["confirm", "Type the account's own email to confirm.", /^Type your account's email address exactly/],
  ["code", zodSays(z.string().trim().min(6), "12"), "Enter the 6-digit code."],
  ["code", "That code is not right. 4 tries left before a 15-minute wait.", /4 tries left/],
  ["code", "That code was already used. Wait for the next code from the app.", /already used/],
  // The email change's code (src/auth/providers/messages.ts codeFailureMessage; its module is not the web's to load).
  ["code", "That code is not right. 2 tries left.", "That code is not right. 2 tries left."],
  ["code", "This code has expired. Request a new code.", "This code has expired. Request a new code."],
  ["code", "This code is not valid. Request a new code.", "This code is not valid. Request a new code."],
  ["code", "Too many wrong codes: this code no longer works. Request a new code.", /^Too many wrong codes/],
  ["avatar", "The image is 5000 × 300 pixels; an avatar may be at most 4096 × 4096.", /5000 × 300 pixels.*4096 × 4096/],
  ["expires_in_days", zodSays(z.number().int().min(1).max(30), 31), "Enter a whole number of days from 1 to 30."],
  ["max_uses", zodSays(z.number().int().min(1).max(1000), 0), "Enter a whole number of uses from 1 to 1,000."],
  [
    "two_factor_grace_days",
    zodSays(z.number().int().min(0).max(30), 2.5),
    "Enter a whole number of days from 0 to 30.",
  ],
  ["allowed_email_domains", zodSays(z.array(z.string()).max(20), Array(21).fill("a.com")), /^List at most 20 domains/],
  // Registered apps' addresses (src/oidc/client-rules.ts), typed one a line: an item's refusal names its line.
  [
    "redirect_uris.0",
    registrableUriProblem("http://rp.example/cb") ?? "",
    "Line 1: Use an https:// address (http:// only for localhost).",
  ],
  [
    "redirect_uris.2",
    registrableUriProblem("https://rp.example/cb#x") ?? "",
    "Line 3: Remove the # part from the address.",
  ],
  [
    "post_logout_redirect_uris.1",
    registrableUriProblem("https://a:b@rp.example/") ?? "",
    /^Line 2: Remove the user name/,
  ],
  [
    "redirect_uris.0",
    registrableUriProblem("/callback") ?? "",
    "Line 1: Enter a whole address, starting with https://.",
  ],
  ["redirect_uris", zodSays(z.array(z.string()).min(1), []), "Enter at least one address to send people back to."],
  [
    "post_logout_redirect_uris",
    zodSays(z.array(z.string()).max(20), Array(21).fill("a")),
    "Enter at most 20 addresses.",
  ],
  ["(body)", zodSays(z.object({ a: z.string() }), 1), GENERAL_WORDS],
  ["preferences.locale", "Too big", GENERAL_WORDS],
];

describe("fieldWords", () => {
  it.each(CASES)("says plain words for %s refused with %j", (path, message, words) => {
    const said = fieldWords(path, message);
    if (typeof words === "string") expect(said).toBe(words);
    else expect(said).toMatch(words);
  });

  it.each(CASES)("never shows zod's or the name rule's developer text (%s: %j)", (path, message) => {
    const said = fieldWords(path, message);
    expect(said).toMatch(/^[A-Z].*\.$/);
    expect(said).not.toMatch(/expected|received|>=|<=|must |invalid input|too small|too big|undefined|NaN/i);
  });

  it("has words for every field a web form names", () => {
    const formFields = ["email", "first_name", "last_name", "platform_role", "role", "name", "user_id", "confirm"];
    const issue18Fields = ["expires_in_days", "max_uses", "two_factor_grace_days", "allowed_email_domains"];
    expect(PATHS_WITH_WORDS).toEqual(
      expect.arrayContaining([...formFields, ...issue18Fields, "code", "preferences.theme", "avatar"]),
    );
  });

  it("reads the limits from the server's rules", () => {
    expect(LIMITS).toEqual({ name: 100, email: 254, avatarBytes: 1024 * 1024, avatarPixelsPerSide: 4096 });
  });
});
