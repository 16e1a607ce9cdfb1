// The person's theme before the app's code and data arrive, so a dark page never flashes light (or the other way):
// web/src/ui/theme.ts keeps this hint in localStorage whenever the preference is read or saved. A classic script
// in <head>, as the page's policy allows only the origin's own scripts (no inline one).
(() => {
  try {
    const theme = localStorage.getItem("edge-identity.theme");
    if (theme === "light" || theme === "dark" || theme === "system") document.documentElement.dataset.theme = theme;
  } catch {
    // Storage refused (a locked-down browser): the device's scheme applies until the preference loads.
  }
})();
