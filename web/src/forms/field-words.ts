/**
 * Plain words for a field the server refused. A validation problem's `errors[].message` is written for developers
 * (zod's "Too small: expected string to have >=6 characters", the name rule's "must be at most 100 characters"), so
 * the app never shows it as it is: it says, per field, what to type instead. The server's own sentences for people
 * (a wrong code with the tries left, an image's size in pixels) are recognised and kept, since they say more.
 */
import { EMAIL_MAX_LENGTH } from "../../../src/lib/email";
import { NAME_MAX_CHARACTERS } from "../../../src/lib/names";
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS_PER_SIDE } from "../../../src/users/image-metadata";
import { POLICY_LIMITS } from "../workspaces/policy-rules";
import { LINK_LIMITS } from "../workspaces/share-links";

/** The limits the server's schemas hold, read from the same constants (one source). */
export const LIMITS = {
  name: NAME_MAX_CHARACTERS,
  email: EMAIL_MAX_LENGTH,
  avatarBytes: AVATAR_MAX_BYTES,
  avatarPixelsPerSide: AVATAR_MAX_PIXELS_PER_SIDE,
} as const;

const MAX_PIXELS = `${LIMITS.avatarPixelsPerSide} × ${LIMITS.avatarPixelsPerSide}`;

type Words = (message: string) => string;

const EMAIL_EXAMPLE = "Enter an email address like name@example.com.";

/** A name's refusal, by which part of the one name rule (src/lib/names.ts) it broke. */
const nameWords =
  (what: string): Words =>
  (message) => {
    if (/empty|required|too small|>=\s*1/i.test(message)) return `Enter ${what}.`;
    if (/at most|too big|too long|<=/i.test(message)) return `Use at most ${LIMITS.name} characters.`;
    if (/line breaks|control|invisible|formatting/i.test(message))
      return "Remove line breaks, tabs and invisible characters.";
    return `Enter ${what} of 1 to ${LIMITS.name} characters, on one line.`;
  };

/** The server's sentences about a code: which code is wrong and how many tries are left, or what to do next. */
const OUR_CODE_SENTENCE = /^(That|This) code .*\.$|^Too many wrong codes.*\.$/;

/** A registered app's address (src/oidc/client-rules.ts registrableUriProblem), by the rule it broke. */
const uriWords: Words = (message) => {
  if (/credentials/i.test(message)) return "Remove the user name and password from the address.";
  if (/fragment/i.test(message)) return "Remove the # part from the address.";
  if (/https/i.test(message)) return "Use an https:// address (http:// only for localhost).";
  if (/too big|too long|<=/i.test(message)) return "Use at most 2,000 characters.";
  return "Enter a whole address, starting with https://.";
};

/** A list of addresses, one a line: too few, too many, or (from its items) one of them. */
const uriListWords =
  (least: string): Words =>
  (message) => {
    if (/too small|>=\s*1/i.test(message)) return least;
    if (/too big|<=/i.test(message)) return "Enter at most 20 addresses.";
    return uriWords(message);
  };

const WORDS: Record<string, Words> = {
  email: (message) => (/already the email/i.test(message) ? "This is already your email address." : EMAIL_EXAMPLE),
  first_name: nameWords("a first name"),
  last_name: nameWords("a last name"),
  name: nameWords("a name"),
  role: () => "Choose a role from the list.",
  platform_role: () => "Choose a platform role from the list.",
  user_id: () => "Choose a member from the list.",
  "preferences.theme": () => "Choose light, dark or the system's theme.",
  confirm: () => "Type your account's email address exactly as shown to confirm.",
  // Share links and the workspace policy (issue 18): the bounds, from the app's own copy of the server's limits.
  expires_in_days: () => `Enter a whole number of days from ${LINK_LIMITS.days.min} to ${LINK_LIMITS.days.max}.`,
  max_uses: () => `Enter a whole number of uses from ${LINK_LIMITS.uses.min} to 1,000.`,
  two_factor_grace_days: () =>
    `Enter a whole number of days from ${POLICY_LIMITS.graceDays.min} to ${POLICY_LIMITS.graceDays.max}.`,
  allowed_email_domains: () =>
    `List at most ${POLICY_LIMITS.domains} domains like example.com: letters, digits, hyphens and dots only.`,
  code: (message) => (OUR_CODE_SENTENCE.test(message) ? message : "Enter the 6-digit code."),
  // Registered apps (decision 0036): the addresses are typed one a line, and an item's refusal names its line.
  redirect_uris: uriListWords("Enter at least one address to send people back to."),
  post_logout_redirect_uris: uriListWords("Enter the addresses one a line, or none."),
  avatar: (message) => {
    const size = /(\d+) × (\d+) pixels/.exec(message);
    return size
      ? `This image is ${size[1]} × ${size[2]} pixels, which is too many. Choose one of at most ${MAX_PIXELS} pixels.`
      : `This image has too many pixels. Choose one of at most ${MAX_PIXELS} pixels.`;
  },
};

export const GENERAL_WORDS = "Some fields are missing or not valid.";

/** The words to show for the server's `message` about `path`; a path no form shows gets the general words. */
export function fieldWords(path: string, message: string): string {
  const words = Object.hasOwn(WORDS, path) ? WORDS[path] : undefined;
  if (words) return words(message);
  const item = LIST_ITEM.exec(path);
  if (item && Object.hasOwn(WORDS, item[1] ?? ""))
    return `Line ${Number(item[2]) + 1}: ${WORDS[item[1] ?? ""]?.(message)}`;
  return GENERAL_WORDS;
}

/** An item of a list (`redirect_uris.2`): such lists are typed one item a line, in one field. */
const LIST_ITEM = /^([a-z_]+)\.(\d+)$/;

/** The field that shows a path: a list item's list, else the path itself. */
export function fieldOfPath(path: string): string {
  const item = LIST_ITEM.exec(path);
  return item?.[1] && Object.hasOwn(WORDS, item[1]) ? item[1] : path;
}

/** The paths this module has words for: the test checks every form's fields are among them. */
export const PATHS_WITH_WORDS: readonly string[] = Object.keys(WORDS);
