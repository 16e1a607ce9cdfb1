/**
 * Which methods a path accepts, read from the router's own route table, so the `Allow` header of a 405
 * can never drift from the routes that exist. Pure: the table is passed in.
 */

export interface RouteEntry {
  method: string;
  path: string;
}

/** A Hono route path (`/workspaces/:id/members/:user_id`, `/docs`) as a whole-path pattern. */
function patternOf(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (segment.startsWith(":")) return "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}$`);
}

/**
 * The methods of the routes whose path matches `path`, upper-case and sorted; catch-alls and middleware
 * (method ALL) are not routes of their own and are left out. Empty when no route has this path.
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    const method = route.method.toUpperCase();
    if (method === "ALL") continue;
    if (patternOf(route.path).test(path)) methods.add(method);
  }
  return [...methods].sort();
}
