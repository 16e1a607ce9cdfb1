/**
 * docs/privacy.md, the record of processing (issue 20), has a row for every column of every D1 table and every
 * Durable Object table, and no row for a column that is gone: a field added without saying why it is kept, on what
 * basis, for how long, where the export shows it and what purges it fails here, by name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exportPathChecker } from "../support/export-shape";
import { SCHEMA_FILES, type StoreColumns, type StoreName, schemaColumns } from "../support/schema-columns";

/** The `##` heading each store's tables sit under. */
const STORE_HEADINGS: Record<StoreName, string> = {
  D1: "## D1 (`DB`)",
  Account: "## Durable Object `Account`",
  Workspace: "## Durable Object `Workspace`",
  WebhookEndpoint: "## Durable Object `WebhookEndpoint`",
};

/** Cells every column row must fill: column, holds, personal, legal basis, export. */
const CELLS = 5;

interface DocumentedColumn {
  cells: string[];
}

/** Store → table (a "### `name`" heading) → column (a row whose first cell is `name`) → its cells. */
type Record_ = Record<StoreName, Map<string, Map<string, DocumentedColumn>>>;

function parsePrivacyRecord(markdown: string): Record_ {
  const record: Record_ = { D1: new Map(), Account: new Map(), Workspace: new Map(), WebhookEndpoint: new Map() };
  let store: StoreName | undefined;
  let table: Map<string, DocumentedColumn> | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("## ")) {
      store = (Object.keys(STORE_HEADINGS) as StoreName[]).find((name) => STORE_HEADINGS[name] === line.trim());
      table = undefined;
    } else if (line.startsWith("### ")) {
      const name = /^### `([a-z0-9_]+)`\s*$/.exec(line)?.[1];
      table = store && name ? new Map() : undefined;
      if (store && name && table) record[store].set(name, table);
    } else if (table && /^\|\s*`/.test(line)) {
      const cells = line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      const column = /^`([a-z0-9_]+)`$/.exec(cells[0] ?? "")?.[1];
      if (column) table.set(column, { cells });
    }
  }
  return record;
}

const STORES = Object.keys(STORE_HEADINGS) as StoreName[];

/** `store table.column` of every column the schemas have and the record lacks, and of every row naming no column. */
function differences(schema: StoreColumns, record: Record_) {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const store of STORES) {
    for (const [table, columns] of schema[store]) {
      const documented = record[store].get(table);
      for (const column of columns) if (!documented?.has(column)) missing.push(`${store} ${table}.${column}`);
    }
    for (const [table, documented] of record[store]) {
      const columns = schema[store].get(table) ?? [];
      for (const column of documented.keys()) if (!columns.includes(column)) stale.push(`${store} ${table}.${column}`);
    }
  }
  return { missing, stale };
}

const markdown = readFileSync("docs/privacy.md", "utf8");
const record = parsePrivacyRecord(markdown);
const schema = schemaColumns();

describe("docs/privacy.md, the record of processing", () => {
  it("has every store's heading, and the schemas have tables to check", () => {
    for (const store of STORES) {
      expect(markdown.split("\n"), STORE_HEADINGS[store]).toContain(STORE_HEADINGS[store]);
      expect(schema[store].size, store).toBeGreaterThan(1);
      expect(record[store].size, store).toBeGreaterThan(1);
    }
    // Tables the record must know: a parse that found nothing would pass the next test vacuously.
    expect(schema.D1.get("users")).toContain("email");
    expect(schema.Account.get("sessions")).toContain("ip");
    expect(schema.Workspace.get("members")).toContain("email");
  });

  it("checks every store a drizzle-kit config has a schema for", () => {
    const configured = readdirSync(".")
      .filter((name) => /^drizzle.*\.config\.ts$/.test(name))
      .map((name) => /schema:\s*"([^"]+)"/.exec(readFileSync(name, "utf8"))?.[1]);
    expect(configured.sort()).toEqual(Object.values(SCHEMA_FILES).sort());
  });

  it("has a row for every D1 column and every Durable Object table's column", () => {
    expect(differences(schema, record).missing).toEqual([]);
  });

  it("has no row for a table or column that no longer exists", () => {
    expect(differences(schema, record).stale).toEqual([]);
  });

  it("fills every cell of every row: holds, personal, legal basis, export", () => {
    const unfilled = STORES.flatMap((store) =>
      [...record[store]].flatMap(([table, columns]) =>
        [...columns]
          .filter(([, { cells }]) => cells.length !== CELLS || cells.some((cell) => cell === ""))
          .map(([column]) => `${store} ${table}.${column}`),
      ),
    );
    expect(unfilled).toEqual([]);
  });

  it("says, for every table, why it is kept, how long, and which purge step removes it", () => {
    const sections = markdown.split(/^### /m).slice(1);
    const lacking = sections
      .filter((section) => /^`[a-z0-9_]+`\s*\n/.test(section))
      .filter((section) => !/^- Why: .+\n- Kept: .+\n- Purge: .+$/m.test(section))
      .map((section) => section.split("\n")[0]);
    expect(lacking).toEqual([]);
  });

  it("names only purge steps that exist", async () => {
    const { PURGE_STEPS } = await import("../../src/account/deletion-rules");
    const named = [...markdown.matchAll(/^- Purge: `([a-z_]+)`/gm)].map((match) => match[1] ?? "");
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((step) => !(PURGE_STEPS as readonly string[]).includes(step))).toEqual([]);
  });
});

describe("the record's parser", () => {
  it("reads only rows under a table heading of a store, and names what is missing or stale", () => {
    const sample = [
      "## D1 (`DB`)",
      "### `users`",
      "| `id` | a | b | c | d |",
      "| `gone` | a | b | c | d |",
      "### Not a table",
      "| `stray` | a | b | c | d |",
      "## Elsewhere",
      "### `ignored`",
      "| `x` | a | b | c | d |",
    ].join("\n");
    const parsed = parsePrivacyRecord(sample);
    expect([...parsed.D1.keys()]).toEqual(["users"]);
    const schemaSample: StoreColumns = {
      D1: new Map([["users", ["id", "email"]]]),
      Account: new Map(),
      Workspace: new Map(),
      WebhookEndpoint: new Map(),
    };
    expect(differences(schemaSample, parsed)).toEqual({ missing: ["D1 users.email"], stale: ["D1 users.gone"] });
  });
});

describe("the record's export column", () => {
  const exists = exportPathChecker();

  it("reads the export's shape, so a wrong path is told apart from a right one", () => {
    expect(exists("profile.email")).toBe(true);
    expect(exists("workspaces[].membership.email")).toBe(true);
    expect(exists("profile.no_such_field")).toBe(false);
    expect(exists("workspaces.membership")).toBe(false);
  });

  it("names only fields the export has", () => {
    const exportCells = STORES.flatMap((store) =>
      [...record[store]].flatMap(([table, columns]) =>
        [...columns].map(([column, { cells }]) => ({
          at: `${store} ${table}.${column}`,
          cell: cells[CELLS - 1] ?? "",
        })),
      ),
    );
    const wrong = exportCells.flatMap(({ at, cell }) =>
      [...cell.matchAll(/`([a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)*)`/g)]
        .map((match) => match[1] ?? "")
        .filter((path) => !exists(path))
        .map((path) => `${at}: ${path}`),
    );
    expect(exportCells.length).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
