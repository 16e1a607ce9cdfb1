/** drizzle-kit's generated migrations index for the Durable Object (its .sql files load as text). */
declare module "*/migrations/migrations.js" {
  const migrations: {
    journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
    migrations: Record<string, string>;
  };
  export default migrations;
}
