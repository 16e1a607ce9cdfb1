/** What a sign-in provider hands to the issuer's `success()`: who proved themselves, and how. */
export interface FirstFactor {
  userId: string;
  method: "password" | "code" | "password_reset";
}
