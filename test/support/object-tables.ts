/** What a Durable Object's SQLite database holds, for tests that compare it before and after, or scan it. */

/** Every table, whole rows in rowid order, by table name; the runtime's and drizzle's own tables left out. */
export function tablesOf(sql: SqlStorage): Record<string, Record<string, unknown>[]> {
  const all = (query: string) => sql.exec(query).toArray();
  const names = all("select name from sqlite_master where type = 'table' order by name")
    .map((row) => String(row.name))
    .filter((name) => !name.startsWith("_cf_") && !name.startsWith("sqlite_") && !name.startsWith("__"));
  return Object.fromEntries(names.map((name) => [name, all(`select * from "${name}" order by rowid`)]));
}
