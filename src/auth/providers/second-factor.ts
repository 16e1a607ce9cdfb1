/**
 * The second factor on every sign-in path: `withSecondFactor(provider)` hands the provider a `success` that, for an
 * account with two-factor on, does not finish the sign-in. It opens a challenge in the Account object, keeps the
 * first factor and the challenge's nonce in its own encrypted flow cookie, and answers the code form. The form posts
 * to `/<provider>/two-factor`, which checks the code under the account's lock and only then calls OpenAuth's real
 * `success` (the authorization code). The right code closes the challenge in the same transaction that accepts the
 * code, so neither a copy of the cookie (another browser) nor the same one after success completes a sign-in again;
 * without the form passing, no authorization code exists for the callback to receive.
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context } from "hono";
import { secondFactorResult } from "../../account/sign-in-history-rules";
import { accountOf } from "../../account/stub";
import { SECOND_FACTOR_CHALLENGE_SECONDS } from "../../account/two-factor";
import { guessSecondFactor, type SecondFactorGuess } from "../second-factor-guesses";
import { recordSignInAttemptLater } from "../sign-in-history";
import { pageContext } from "../ui/layout";
import { secondFactorPage, signInEndedPage } from "../ui/other-pages";
import type { FirstFactor } from "./first-factor";
import { secondFactorLockedMessage } from "./messages";
import { AUTHORIZATION_STATE_KEY, FLOW_STATE_KEYS, rateLimitedPage, type SignInDeps } from "./steps";

/** A first factor that passed with `provider`, waiting for the code that completes challenge `challenge`. */
interface PendingSecondFactor extends FirstFactor {
  provider: string;
  challenge: string;
}

const SECOND_FACTOR_ROUTE = "/two-factor";

export function withSecondFactor(
  provider: Provider<FirstFactor>,
  deps: Pick<SignInDeps, "db" | "accounts" | "rateLimitCounters" | "config">,
): Provider<FirstFactor> {
  return {
    ...provider,
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      const KEY = FLOW_STATE_KEYS.secondFactor;
      const action = `/${ctx.name}${SECOND_FACTOR_ROUTE}`;
      const form = (c: Context, message?: string) =>
        ctx.forward(c, secondFactorPage(pageContext(c.req.raw, deps.config), { action, message }));
      const gone = (c: Context) => ctx.forward(c, signInEndedPage(pageContext(c.req.raw, deps.config)));

      const gated: ProviderOptions<FirstFactor> = {
        ...ctx,
        async success(c, factor) {
          if (factor.secondFactorChecked) return ctx.success(c, factor);
          const challenge = await accountOf(deps, factor.userId).openSecondFactorChallenge();
          if (!challenge) return ctx.success(c, factor);
          const pending: PendingSecondFactor = { ...factor, provider: ctx.name, challenge };
          await ctx.set(c, KEY, SECOND_FACTOR_CHALLENGE_SECONDS, pending);
          return form(c);
        },
      };
      provider.init(routes, gated);

      routes.post(SECOND_FACTOR_ROUTE, async (c) => {
        const code = (await c.req.formData()).get("code")?.toString() ?? "";
        const pending = await ctx.get<PendingSecondFactor | undefined>(c, KEY);
        const signingIn = await ctx.get(c, AUTHORIZATION_STATE_KEY);
        // Only the provider whose first factor passed completes it (the subject records which one it was).
        if (!pending?.challenge || pending.provider !== ctx.name || !signingIn) {
          return gone(c);
        }

        const account = accountOf(deps, pending.userId);
        const guess = await guessSecondFactor(deps.rateLimitCounters, pending.userId, () =>
          account.checkSecondFactor(pending.challenge, code),
        );
        if (guess.ok) {
          await ctx.unset(c, KEY);
          const { provider: _provider, challenge: _challenge, ...factor } = pending;
          return ctx.success(c, { ...factor, secondFactorPassed: true });
        }
        const result = secondFactorResult(guess.reason);
        if (result) await recordSignInAttemptLater(deps, pending.userId, c.req.raw, { method: "two_factor", result });
        const message = secondFactorRefusal(guess);
        if (!message) {
          await ctx.unset(c, KEY);
          return gone(c);
        }
        const page = await form(c, message);
        return guess.reason === "limited" ? rateLimitedPage(page, guess.retryAfterSeconds) : page;
      });
    },
  };
}

/** What the code form says after a refused code, or null when there is nothing left to complete (challenge gone). */
export function secondFactorRefusal(guess: Exclude<SecondFactorGuess<unknown>, { ok: true }>): string | null {
  switch (guess.reason) {
    case "limited":
      return secondFactorLockedMessage(guess.retryAfterSeconds);
    case "wrong":
      return `That code is not right. ${triesLeft(guess.triesLeft)}`;
    case "replayed":
      return `That code was already used. Wait for the next code in your app. ${triesLeft(guess.triesLeft)}`;
    default:
      return null;
  }
}

function triesLeft(count: number): string {
  return count > 0
    ? `${count} ${count === 1 ? "try" : "tries"} left.`
    : "No tries left: the next code can be entered in 15 minutes.";
}
