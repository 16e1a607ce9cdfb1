/** What a sign-in provider hands to the issuer's `success()`: who proved themselves, and how. */
export interface FirstFactor {
  userId: string;
  method: "password" | "code" | "password_reset" | "passkey" | "connection";
  /**
   * Set only by a flow that checked the second factor itself before acting (the password reset asks for it before
   * it replaces the password), or whose one proof is both factors (a passkey with user verification: something held
   * and something known or been), so the sign-in it completes does not ask for a second code.
   */
  secondFactorChecked?: true;
  /** Set when a password sign-in completed through the emailed-code step-up (the sign-in history's `step_up`). */
  steppedUp?: true;
  /** Set by the second-factor step when an authenticator or backup code passed after this factor (the id_token's amr). */
  secondFactorPassed?: true;
}
