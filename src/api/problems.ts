/** `GET /api/problems/:code`: the page each problem+json `type` points at, as JSON or, for a browser, HTML. */
import { createRoute, z } from "@hono/zod-openapi";
import { PUBLIC_CACHE } from "../http/cache-control";
import { createRouter } from "../http/router";
import { escapeHtml } from "../lib/html";
import { isProblemCode, PROBLEM_CODES, PROBLEMS, problemResponse } from "../lib/problem";
import { problemResponses } from "./openapi";

export const ProblemTypeSchema = z
  .object({
    code: z.enum(PROBLEM_CODES),
    status: z.number().int(),
    title: z.string(),
    detail: z.string().openapi({ description: "The default sentence; an answer may carry a more precise one." }),
  })
  .openapi("ProblemType");

function problemPage(entry: z.infer<typeof ProblemTypeSchema>): string {
  const title = escapeHtml(entry.title);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>${title}</h1><p>HTTP ${entry.status}, <code>code: "${escapeHtml(entry.code)}"</code></p>
<p>${escapeHtml(entry.detail)}</p><p>Every error of the API is <code>application/problem+json</code>;
see <a href="/api/docs">the API reference</a>.</p></body></html>`;
}

export const problemRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/problems/{code}",
    tags: ["Service"],
    summary: "What an error code means (the page a problem's `type` points at)",
    request: { params: z.object({ code: z.string().openapi({ param: { name: "code", in: "path" } }) }) },
    responses: {
      200: {
        description: "The code's status, title and default detail; HTML when the client asks for text/html.",
        content: { "application/json": { schema: ProblemTypeSchema }, "text/html": { schema: z.string() } },
      },
      ...problemResponses(404),
    },
  }),
  (c) => {
    const { code } = c.req.valid("param");
    if (!isProblemCode(code)) return problemResponse("not_found", "There is no such error code.");
    const entry = { code, ...PROBLEMS[code] };
    const headers = { "cache-control": PUBLIC_CACHE };
    if (c.req.header("accept")?.includes("text/html")) return c.html(problemPage(entry), 200, headers);
    return c.json(entry, 200, headers);
  },
);
