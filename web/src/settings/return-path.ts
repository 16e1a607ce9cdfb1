/**
 * The page a person comes back to after a detour to their settings (a workspace that requires two-factor, a share
 * link that needs it to join): `?return=` on the settings page. Only a path of this app is followed, so a crafted
 * link cannot send someone to another site after they set up two-factor (an open redirect).
 */
export function safeReturnPath(value: string | null): string | null {
  if (!value) return null;
  // One leading slash and then not a slash or backslash: "//evil.example" and "/\evil.example" are other origins.
  // Only a URL path's plain characters follow: URL parsing drops a tab or newline ("/\t/evil"), joining the slashes.
  return /^\/(?![/\\])[\w\-./~%?=&#+:@]*$/.test(value) ? value : null;
}
