/** Renders the OpenAPI document as a plain HTML reference page (no CDN, works offline). */
import { escapeHtml } from "../lib/html";

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

type Document = {
  info: { title: string; version: string; description?: string };
  paths?: object;
};

function renderOperation(method: string, path: string, operation: Operation): string {
  const parameters = (operation.parameters ?? [])
    .map((p) => `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ", required" : ""})</li>`)
    .join("");
  const body = Object.entries(operation.requestBody?.content ?? {})
    .map(
      ([type, media]) =>
        `<p>Body <code>${escapeHtml(type)}</code></p><pre>${escapeHtml(JSON.stringify(media.schema ?? {}, null, 2))}</pre>`,
    )
    .join("");
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => `<li><code>${status}</code> ${escapeHtml(response.description ?? "")}</li>`)
    .join("");
  return `<section><h3><code>${method.toUpperCase()} /api${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? "")}</p>${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ""}
${parameters ? `<p>Parameters</p><ul>${parameters}</ul>` : ""}${body}<p>Responses</p><ul>${responses}</ul></section>`;
}

export function renderDocsPage(document: Document): string {
  const sections = Object.entries((document.paths ?? {}) as Record<string, Record<string, Operation>>)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => renderOperation(method, path, operation)),
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
section{border-top:1px solid #ddd;padding:.5rem 0}pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head>
<body><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? "")}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are <code>application/problem+json</code> with a stable <code>code</code>.</p>
${sections}</body></html>`;
}
