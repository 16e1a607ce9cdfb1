/**
 * Our `code` provider for the OpenAuth issuer: passwordless sign-in by a 6-digit code mailed to the
 * address; an unknown address becomes a new account once its code is entered. Unlike OpenAuth 0.4.3's,
 * the code never sits in the browser's cookie, dies after 5 wrong tries, and works only here (it is bound to the
 * `signin` purpose).
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import { parseEmail } from "../../lib/email";
import { signInCodeMail } from "../../mail/templates";
import { findOrCreateVerifiedUser } from "../../users/repository";
import { issueCode } from "../email-codes";
import { recordSignInAttemptLater } from "../sign-in-history";
import { codeSignInPage } from "../ui/code-pages";
import { pageContext } from "../ui/layout";
import { askBeforeSignUp, signUpConsentRoute } from "./consent";
import type { FirstFactor } from "./first-factor";
import { DEACTIVATED_ACCOUNT_MESSAGE } from "./messages";
import {
  codeRequestGate,
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  type SignInDeps,
  sendMail,
} from "./steps";

type CodeState =
  | { type: "start" }
  /** `sentAt`: when the code was sent (ms), for the page's resend cooldown. */
  | { type: "code"; challengeId: string; email: string; resend: boolean; sentAt?: number };

/** Our code pages; `message` is a refusal or a limit, placed beside the field it is about. */
function page(request: Request, deps: SignInDeps, state: CodeState, message?: string) {
  return codeSignInPage(pageContext(request, deps.config), { ...state, message });
}

export function CodeProvider(deps: SignInDeps): Provider<FirstFactor> {
  return {
    type: "code",
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      signUpConsentRoute(routes, ctx, deps);
      routes.get("/authorize", async (c) => {
        const state: CodeState = { type: "start" };
        await ctx.set(c, FLOW_STATE_KEYS.code, PROVIDER_STATE_MAX_AGE_SECONDS, state);
        return ctx.forward(c, page(c.req.raw, deps, state));
      });

      routes.post("/authorize", async (c) => {
        const form = await c.req.formData();
        const action = form.get("action")?.toString();
        const state = (await ctx.get<CodeState>(c, FLOW_STATE_KEYS.code)) ?? { type: "start" };
        const render = async (next: CodeState, message?: string) => {
          await ctx.set(c, FLOW_STATE_KEYS.code, PROVIDER_STATE_MAX_AGE_SECONDS, next);
          return ctx.forward(c, page(c.req.raw, deps, next, message));
        };

        if (action === "request" || action === "resend") {
          const email = parseEmail(form.get("email"));
          if (!email) return render({ type: "start" }, "Enter an email address like name@example.com.");
          const gate = await codeRequestGate(deps, c.req.raw, email, (message) => render({ type: "start" }, message));
          if (gate.refused) return gate.refused;
          const issued = await issueCode(deps, { email, purpose: "signin" });
          if (gate.mail) sendMail(c, deps, email, signInCodeMail(issued.code), `code:${issued.challengeId}`);
          const sentAt = Date.now();
          return render({ type: "code", challengeId: issued.challengeId, email, resend: action === "resend", sentAt });
        }

        if (action === "verify" && state.type === "code") {
          const guess = {
            challengeId: state.challengeId,
            purpose: "signin" as const,
            code: form.get("code")?.toString() ?? "",
          };
          const check = await enterCode(
            deps,
            c.req.raw,
            guess,
            (message) => render({ ...state, resend: false }, message),
            { method: "code", email: state.email },
          );
          if (!check.ok) return check.answer;
          // A new address with documents to accept: asked first, and the account made only once they are.
          const asked = await askBeforeSignUp(c, ctx, deps, { email: check.email, method: "code" });
          if (asked) {
            await ctx.unset(c, FLOW_STATE_KEYS.code);
            return asked;
          }
          // The code proved the address: an unknown one becomes a verified account (passwordless sign-up).
          const user = await findOrCreateVerifiedUser(deps.db, { email: check.email });
          if (!user.isActive) {
            await recordSignInAttemptLater(deps, user.id, c.req.raw, { method: "code", result: "refused_deactivated" });
            return render({ type: "start" }, DEACTIVATED_ACCOUNT_MESSAGE);
          }
          await ctx.unset(c, FLOW_STATE_KEYS.code);
          return ctx.success(c, { userId: user.id, method: "code" });
        }
        return render({ type: "start" });
      });
    },
  };
}
