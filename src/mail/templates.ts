/**
 * The text of every email, as plain text plus simple HTML. Codes and names are escaped for the HTML part. A name
 * someone chose (a person's, a workspace's) never appears in a subject, and in a body only in quotes, so a name
 * written as a sentence ("Your account is locked, call …") cannot pass for the service speaking (decision 0022).
 */
import { escapeHtml } from "../lib/html";

/**
 * A chosen name as the mail shows it: in typographic quotes. Names hold no line breaks or controls
 * (lib/names.ts); a closing quote inside one becomes a straight one, so the name cannot end its own quotes.
 */
export function quotedName(name: string): string {
  return `“${name.replace(/[“”]/g, '"')}”`;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function compose(subject: string, paragraphs: string[], code?: string): MailContent {
  const text = [...paragraphs.slice(0, 1), ...(code ? [code] : []), ...paragraphs.slice(1)].join("\n\n");
  const codeHtml = code
    ? `<p style="font-size:28px;letter-spacing:6px;font-family:monospace"><strong>${escapeHtml(code)}</strong></p>`
    : "";
  const [first = "", ...rest] = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  return {
    subject,
    text,
    html: `<div style="font-family:system-ui,sans-serif">${first}${codeHtml}${rest.join("")}</div>`,
  };
}

const CODE_LIFETIME = "The code works for 10 minutes. If you did not ask for it, you can ignore this email.";

export function signUpCodeMail(code: string): MailContent {
  return compose(
    `Your sign-up code: ${code}`,
    ["Enter this code to finish creating your account:", CODE_LIFETIME],
    code,
  );
}

export function signInCodeMail(code: string): MailContent {
  return compose(`Your sign-in code: ${code}`, ["Enter this code to sign in:", CODE_LIFETIME], code);
}

/** The step-up after too many wrong passwords: the right password alone no longer signs in. */
export function signInStepUpMail(code: string): MailContent {
  return compose(
    `Your sign-in code: ${code}`,
    [
      "There were too many failed attempts to sign in to your account with a password, so signing in with a password now also needs this code:",
      "If it was not you trying, someone may be guessing your password: nothing changes without this code, and you can sign in with an emailed code or reset your password. The code works for 10 minutes.",
    ],
    code,
  );
}

export function passwordResetCodeMail(code: string): MailContent {
  return compose(
    `Your password reset code: ${code}`,
    ["Enter this code to choose a new password:", CODE_LIFETIME],
    code,
  );
}

/** Sent instead of a code when someone tries to sign up with an address that already has an account. */
export function signUpAttemptMail(): MailContent {
  return compose("Someone tried to sign up with your email", [
    "Someone tried to create a new account with this email address, which already has an account.",
    "If it was you, sign in instead, or reset your password if you have forgotten it. If it was not you, you can ignore this email: nothing has changed.",
  ]);
}

export function invitationMail(input: {
  workspaceName: string;
  inviterName: string;
  role: string;
  link: string;
  expiresAt: string;
}): MailContent {
  const { role, link, expiresAt } = input;
  const inviter = quotedName(input.inviterName);
  const workspace = quotedName(input.workspaceName);
  const until = new Date(expiresAt).toUTCString();
  const text = [
    `${inviter} invited you to join the workspace ${workspace} as ${role}.`,
    `Accept the invitation: ${link}`,
    `The link works once, until ${until}. If you did not expect it, you can ignore this email.`,
  ].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>${escapeHtml(inviter)} invited you to join the workspace <strong>${escapeHtml(workspace)}</strong> as ${escapeHtml(role)}.</p>
<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>
<p>The link works once, until ${escapeHtml(until)}. If you did not expect it, you can ignore this email.</p></div>`;
  return { subject: "You are invited to join a workspace", text, html };
}

/** Sent to a member an owner nominated as owner; taking over needs their own sign-in and acceptance. */
export function ownershipNominationMail(input: {
  workspaceName: string;
  nominatorName: string;
  link: string;
  expiresAt: string;
}): MailContent {
  const { link, expiresAt } = input;
  const nominator = quotedName(input.nominatorName);
  const workspace = quotedName(input.workspaceName);
  const until = new Date(expiresAt).toUTCString();
  const text = [
    `${nominator} asked you to take over as owner of the workspace ${workspace}.`,
    `Open the workspace to accept: ${link}`,
    `The offer stands until ${until}. If you do not want it, you can ignore this email: nothing changes until you accept.`,
  ].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>${escapeHtml(nominator)} asked you to take over as owner of the workspace <strong>${escapeHtml(workspace)}</strong>.</p>
<p><a href="${escapeHtml(link)}">Open the workspace to accept</a></p>
<p>The offer stands until ${escapeHtml(until)}. If you do not want it, you can ignore this email: nothing changes until you accept.</p></div>`;
  return { subject: "You are asked to take over a workspace", text, html };
}

/** To the new address of an email change: proving the person can read it. */
export function emailChangeCodeMail(code: string): MailContent {
  return compose(
    `Your email change code: ${code}`,
    ["Enter this code to make this address the email of your account:", CODE_LIFETIME],
    code,
  );
}

/** Sent instead of a code when someone asks to move their account to an address that already has one. */
export function emailChangeAttemptMail(): MailContent {
  return compose("Someone tried to use your email", [
    "Someone signed in to another account asked to change its email to this address, which already has an account.",
    "Nothing has changed: an address belongs to one account only. If it was you, sign in with this address instead.",
  ]);
}

/** To a person an admin made an account for: the link starts setting a password, which proves the address. */
export function accountCreatedMail(input: { link: string }): MailContent {
  const { link } = input;
  const text = [
    "An account was created for you with this email address.",
    `Choose your password and sign in: ${link}`,
    "You will be asked for this address and sent a code to confirm it. If you did not expect this, you can ignore this email.",
  ].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>An account was created for you with this email address.</p>
<p><a href="${escapeHtml(link)}">Choose your password and sign in</a></p>
<p>You will be asked for this address and sent a code to confirm it. If you did not expect this, you can ignore this email.</p></div>`;
  return { subject: "Your new account: choose a password", text, html };
}

/** A change to how an account signs in: each is mailed to the account's address whatever its preferences. */
export type SecurityChange =
  | "two_factor_on"
  | "two_factor_off"
  | "two_factor_reset_by_admin"
  | "backup_codes_regenerated"
  | "password_changed"
  | "email_changed_from"
  | "email_changed_to"
  | "passkey_added"
  | "passkey_removed"
  | "password_removed"
  | "connection_added"
  | "connection_removed";

/** `ifNotYou` is the whole advice when it does not start with "If this was not you" (the reset asks for action). */
const SECURITY_CHANGES: Record<SecurityChange, { subject: string; what: string; ifNotYou: string }> = {
  two_factor_on: {
    subject: "Two-factor authentication was turned on",
    what: "Two-factor authentication was turned on for your account.",
    ifNotYou:
      "If this was not you, someone may be using one of your sessions: reset your password now (that signs out every device) and ask your administrator to reset your two-factor authentication.",
  },
  two_factor_off: {
    subject: "Two-factor authentication was turned off",
    what: "Two-factor authentication was turned off for your account.",
    ifNotYou:
      "If this was not you, reset your password now (that signs out every device), then turn two-factor authentication on again.",
  },
  two_factor_reset_by_admin: {
    subject: "An administrator reset your two-factor authentication",
    what: "An administrator turned two-factor authentication off for your account; your backup codes no longer work.",
    ifNotYou:
      "If this was not you who asked for it, contact your administrator. Either way, sign in and set up two-factor authentication again.",
  },
  backup_codes_regenerated: {
    subject: "New backup codes were made for your account",
    what: "A new set of two-factor backup codes was made for your account; the old codes no longer work.",
    ifNotYou:
      "If this was not you, reset your password now (that signs out every device) and make a new set of backup codes.",
  },
  password_changed: {
    subject: "Your password was changed",
    what: "The password of your account was changed, and every device was signed out.",
    ifNotYou: "If this was not you, reset your password now and check your account's settings.",
  },
  email_changed_from: {
    subject: "Your email was changed",
    what: "The email of your account was changed to another address; this address no longer signs in to it.",
    ifNotYou: "If this was not you, sign in with the new address if you can, or contact support at once.",
  },
  email_changed_to: {
    subject: "This is now your account's email",
    what: "This address is now the email of your account; the old address no longer signs in to it.",
    ifNotYou: "If this was not you, contact support at once.",
  },
  passkey_added: {
    subject: "A passkey was added to your account",
    what: "A new passkey was added to your account: it signs in without a password or a second code.",
    ifNotYou:
      "If this was not you, sign in, remove the passkey from your security settings, and end the sessions you do not know.",
  },
  passkey_removed: {
    subject: "A passkey was removed from your account",
    what: "A passkey was removed from your account; it no longer signs in.",
    ifNotYou: "If this was not you, sign in, end the sessions you do not know, and check your security settings.",
  },
  password_removed: {
    subject: "Your password was removed",
    what: "The password of your account was removed: you now sign in with a passkey or an emailed code.",
    ifNotYou: "If this was not you, reset your password now and end the sessions you do not know.",
  },
  connection_added: {
    subject: "An account was connected to yours",
    what: "An account at another provider was connected to your account: it now signs in to it.",
    ifNotYou:
      "If this was not you, sign in, remove the connected account from your security settings, and end the sessions you do not know.",
  },
  connection_removed: {
    subject: "A connected account was removed",
    what: "An account at another provider was disconnected from your account; it no longer signs in to it.",
    ifNotYou: "If this was not you, sign in, end the sessions you do not know, and check your security settings.",
  },
};

/**
 * What was changed, when, from which device (a browser and system in a few words, quoted: an agent we do not know
 * is shown as its sender wrote it), and what to do if not you.
 */
export function securityChangeMail(change: SecurityChange, context: { at: Date; device: string }): MailContent {
  const { subject, what, ifNotYou } = SECURITY_CHANGES[change];
  return compose(subject, [
    what,
    `When: ${context.at.toUTCString()}. Device: ${quotedName(context.device)}.`,
    ifNotYou.startsWith("If this was not you,") ? `If this was you, there is nothing to do. ${ifNotYou}` : ifNotYou,
  ]);
}

/** To a member the day before their access to a workspace ends (an owner set `expires_at`). */
export function memberExpiryWarningMail(input: { workspaceName: string; expiresAt: string }): MailContent {
  const workspace = quotedName(input.workspaceName);
  const until = new Date(input.expiresAt).toUTCString();
  const text = [
    `Your access to the workspace ${workspace} ends on ${until}.`,
    "If you still need it, ask one of its owners to extend it.",
  ].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>Your access to the workspace <strong>${escapeHtml(workspace)}</strong> ends on ${escapeHtml(until)}.</p>
<p>If you still need it, ask one of its owners to extend it.</p></div>`;
  return { subject: "Your access to a workspace ends tomorrow", text, html };
}

/** To a former member when their access expired and they were removed. */
export function memberExpiredMail(input: { workspaceName: string }): MailContent {
  const workspace = quotedName(input.workspaceName);
  const text = [
    `Your access to the workspace ${workspace} has ended, as one of its owners had set, and you are no longer a member.`,
    "If you still need it, ask one of its owners to invite you again.",
  ].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>Your access to the workspace <strong>${escapeHtml(workspace)}</strong> has ended, as one of its owners had set, and you are no longer a member.</p>
<p>If you still need it, ask one of its owners to invite you again.</p></div>`;
  return { subject: "Your access to a workspace has ended", text, html };
}

/** To a member without two-factor when a workspace starts to require it (decision 0030): the deadline and the way. */
export function twoFactorRequiredMail(input: { workspaceName: string; deadline: string; link: string }): MailContent {
  const workspace = quotedName(input.workspaceName);
  const until = new Date(input.deadline).toUTCString();
  const lines = [
    `The workspace ${workspace} now requires two-factor authentication of its members.`,
    `Turn it on in your account settings before ${until}; after that, you cannot use the workspace until you do.`,
    `Your account settings: ${input.link}`,
  ];
  const html = `<div style="font-family:system-ui,sans-serif"><p>The workspace <strong>${escapeHtml(workspace)}</strong> now requires two-factor authentication of its members.</p>
<p>Turn it on in your account settings before ${escapeHtml(until)}; after that, you cannot use the workspace until you do.</p>
<p><a href="${escapeHtml(input.link)}">Open your account settings</a></p></div>`;
  return { subject: "A workspace now requires two-factor authentication", text: lines.join("\n\n"), html };
}

/**
 * The new-device alert (decision 0032): a sign-in completed from a browser without the account's device cookie.
 * The device (from the user agent) and the place (from the request) are text a stranger chose: quoted, like names.
 */
export function newSignInMail(input: { device: string; place: string | null; at: string; link: string }): MailContent {
  const facts = `Device: ${quotedName(input.device)}. Place: ${input.place ? quotedName(input.place) : "not known"}. When: ${input.at}.`;
  const what = "Your account was just signed in to from a browser that had not signed in to it before.";
  const advice =
    "If this was you, there is nothing to do. If this was not you, end that session and change your password now, on your account's security page:";
  const text = [what, facts, `${advice} ${input.link}`].join("\n\n");
  const html = `<div style="font-family:system-ui,sans-serif"><p>${escapeHtml(what)}</p>
<p>${escapeHtml(facts)}</p>
<p>${escapeHtml(advice)} <a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p></div>`;
  return { subject: "New sign-in to your account", text, html };
}

/**
 * When delivery turned a webhook endpoint off: to a workspace's owners (decision 0035), or, for the platform's
 * endpoints of account events (`workspaceName` null), to every platform admin (decision 0037).
 */
export function webhookDisabledMail(input: { workspaceName: string | null; url: string; reason: "gone" | "failing" }) {
  const what =
    input.workspaceName === null
      ? "the account events of this service"
      : `the events of the workspace ${quotedName(input.workspaceName)}`;
  const where = input.workspaceName === null ? "Administration, Webhooks" : "the workspace's settings";
  const why =
    input.reason === "gone"
      ? "it answered 410 Gone, which says it no longer wants them"
      : "every delivery to it has failed for five days";
  const lines = [
    `We stopped sending ${what} to the webhook ${quotedName(input.url)}: ${why}.`,
    `Deliveries since then are kept for 30 days. Fix the receiver, then turn the webhook on again in ${where}.`,
  ];
  const html = `<div style="font-family:system-ui,sans-serif">${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("\n")}</div>`;
  return { subject: "A webhook was turned off", text: lines.join("\n\n"), html } satisfies MailContent;
}
