/**
 * Where Tab moves focus inside a modal dialog: to the next of its focusable elements, from the last back to the
 * first (Shift+Tab the other way), so focus never leaves for the page behind or the browser's own controls.
 * `current` is the index of the focused element among them, -1 when focus is on none of them.
 */
export function nextFocusIndex(count: number, current: number, backwards: boolean): number | null {
  if (count === 0) return null;
  if (current === -1) return backwards ? count - 1 : 0;
  return (current + (backwards ? count - 1 : 1)) % count;
}

/** What a person can Tab to inside a container, in document order. */
export const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
