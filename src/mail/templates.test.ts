import { describe, expect, it } from "vitest";
import * as templates from "./templates";
import { type MailContent, quotedName } from "./templates";

/** A name written to pass for the service speaking, with markup and a link. */
const HOSTILE = "Security team: your account is locked, call +1 555 0100 <b>now</b> https://evil.example “";
const WORKSPACE = "Support” — verify at https://evil.example/x?a=1&b=2 “";

/**
 * Every template, called with the hostile names wherever it takes a name. The first test fails when a template is
 * added without a line here, so no new mail escapes these checks.
 */
const EVERY_TEMPLATE: Record<string, () => MailContent> = {
  signUpCodeMail: () => templates.signUpCodeMail("123456"),
  signInCodeMail: () => templates.signInCodeMail("123456"),
  signInStepUpMail: () => templates.signInStepUpMail("123456"),
  passwordResetCodeMail: () => templates.passwordResetCodeMail("123456"),
  signUpAttemptMail: () => templates.signUpAttemptMail(),
  invitationMail: () =>
    templates.invitationMail({
      workspaceName: WORKSPACE,
      inviterName: HOSTILE,
      role: "editor",
      link: "https://id.example.com/invite#ws_1.secret",
      expiresAt: "2030-01-01T00:00:00.000Z",
    }),
  ownershipNominationMail: () =>
    templates.ownershipNominationMail({
      workspaceName: WORKSPACE,
      nominatorName: HOSTILE,
      link: "https://id.example.com/workspaces/ws_1",
      expiresAt: "2030-01-01T00:00:00.000Z",
    }),
  emailChangeCodeMail: () => templates.emailChangeCodeMail("123456"),
  emailChangeAttemptMail: () => templates.emailChangeAttemptMail(),
  securityChangeMail: () =>
    templates.securityChangeMail("email_changed_from", { at: new Date("2030-01-01T00:00:00Z"), device: HOSTILE }),
  accountCreatedMail: () => templates.accountCreatedMail({ link: "https://id.example.com/password/change" }),
  memberExpiryWarningMail: () =>
    templates.memberExpiryWarningMail({
      workspaceName: WORKSPACE,
      expiresAt: "2030-01-01T00:00:00.000Z",
    }),
  memberExpiredMail: () => templates.memberExpiredMail({ workspaceName: WORKSPACE }),
  twoFactorRequiredMail: () =>
    templates.twoFactorRequiredMail({
      workspaceName: WORKSPACE,
      deadline: "2030-01-01T00:00:00.000Z",
      link: "https://app.example/settings",
    }),
  newSignInMail: () =>
    templates.newSignInMail({
      device: HOSTILE,
      place: WORKSPACE,
      at: "Tue, 01 Jan 2030 00:00:00 GMT",
      link: "https://id.example.com/settings/security",
    }),
  // The URL is an owner's choice too: quoted like a name.
  webhookDisabledMail: () => templates.webhookDisabledMail({ workspaceName: WORKSPACE, url: HOSTILE, reason: "gone" }),
};

/** The text with every quoted name taken out: what is left is the service's own words. */
const withoutQuotedNames = (text: string) =>
  [HOSTILE, WORKSPACE].reduce((rest, name) => rest.split(quotedName(name)).join("[name]"), text);

describe("mail templates", () => {
  it("are all checked here", () => {
    const exported = Object.entries(templates)
      .filter(([name, value]) => typeof value === "function" && name.endsWith("Mail"))
      .map(([name]) => name);
    expect(exported.sort()).toEqual(Object.keys(EVERY_TEMPLATE).sort());
  });

  it.each(Object.entries(EVERY_TEMPLATE))("%s: no chosen name in the subject", (_, build) => {
    const { subject } = build();
    expect(subject).not.toContain("evil.example");
    expect(subject).not.toContain("Security team");
    expect(subject).not.toContain("Support");
  });

  it.each(Object.entries(EVERY_TEMPLATE))("%s: chosen names in the body only in quotes", (_, build) => {
    const { text, html } = build();
    const ownWords = withoutQuotedNames(text);
    expect(ownWords).not.toContain("evil.example");
    expect(ownWords).not.toContain("Security team");
    // The HTML part escapes them: no markup of theirs, no link of theirs.
    expect(html).not.toContain("<b>");
    expect(html).not.toContain('href="https://evil.example');
  });

  it("names the inviter and the workspace, quoted, in the invitation's body", () => {
    const { text, html } = EVERY_TEMPLATE.invitationMail?.() ?? { text: "", html: "" };
    expect(text).toContain(`${quotedName(HOSTILE)} invited you to join the workspace ${quotedName(WORKSPACE)}`);
    expect(html).toContain("&#60;b&#62;now&#60;/b&#62;");
  });
});

describe("webhookDisabledMail", () => {
  it("tells a workspace's owners which workspace, and the platform's admins where to turn it on again", () => {
    const workspace = templates.webhookDisabledMail({ workspaceName: WORKSPACE, url: HOSTILE, reason: "gone" });
    expect(workspace.text).toContain(`the events of the workspace ${quotedName(WORKSPACE)}`);
    expect(workspace.text).toContain("410 Gone");
    const platform = templates.webhookDisabledMail({ workspaceName: null, url: HOSTILE, reason: "failing" });
    expect(platform.text).toContain(`the account events of this service to the webhook ${quotedName(HOSTILE)}`);
    expect(platform.text).toContain("failed for five days");
    expect(platform.text).toContain("Administration, Webhooks");
    expect(withoutQuotedNames(platform.text)).not.toContain("evil.example");
  });
});

describe("quotedName", () => {
  it("puts a name in typographic quotes", () => {
    expect(quotedName("Olive Owner")).toBe("“Olive Owner”");
  });

  it("turns the name's own closing or opening quotes straight, so it cannot end its quotes early", () => {
    expect(quotedName("Ada” said “hi")).toBe('“Ada" said "hi”');
  });
});
