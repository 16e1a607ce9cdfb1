/**
 * Our `password` provider for the OpenAuth issuer: the same routes and form fields as OpenAuth's, with the gaps
 * of 0.4.3 closed (a password policy, codes bound to their flow, no "email taken" answer, the same work for
 * unknown emails, failure limits with a step-up, revocation on reset, rehash on sign-in). One file per flow.
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import { signUpConsentRoute } from "../consent";
import type { FirstFactor } from "../first-factor";
import type { SignInDeps } from "../steps";
import { passwordRegister } from "./register";
import { passwordReset } from "./reset";
import { passwordSignIn } from "./sign-in";

export function PasswordProvider(deps: SignInDeps): Provider<FirstFactor> {
  return {
    type: "password",
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      passwordSignIn(routes, ctx, deps);
      passwordRegister(routes, ctx, deps);
      passwordReset(routes, ctx, deps);
      signUpConsentRoute(routes, ctx, deps);
    },
  };
}
