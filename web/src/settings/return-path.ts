/**
 * The page a person comes back to after a detour to their settings (a workspace that requires two-factor, a share
 * link that needs it to join): `?return=` on the settings page. Only a path of this app is followed, so a crafted
 * link cannot send someone to another site after they set up two-factor (an open redirect).
 */
export function safeReturnPath(value: string | null): string | null {
  if (!value) return null;
  // One leading slash and then not a slash or backslash: "//evil.example" and "/\evil.example" are other origins.
  if (!/^\/(?![/\\])/.test(value)) return null;
  // Control characters (a tab or newline inside "/\t/evil") are dropped by URL parsing, which could join the slashes.
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}
