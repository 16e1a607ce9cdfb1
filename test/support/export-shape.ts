/**
 * The shape of `GET /api/me/export` as the generated client schema types it (packages/client/src/schema.ts,
 * `components["schemas"]["AccountExport"]`), read with the TypeScript checker: whether a path such as
 * `workspaces[].membership.email` names a field the export really has.
 */
import ts from "typescript";

const SCHEMA_FILE = "packages/client/src/schema.ts";

/** A function that answers whether a dotted export path (`[]` steps into an array) exists. */
export function exportPathChecker(): (path: string) => boolean {
  const program = ts.createProgram([SCHEMA_FILE], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE);
  if (!source) throw new Error(`${SCHEMA_FILE} not found`);
  const components = source.statements
    .filter(ts.isInterfaceDeclaration)
    .find((statement) => statement.name.text === "components");
  if (!components) throw new Error("no components interface");
  const schemas = checker.getPropertyOfType(checker.getTypeAtLocation(components), "schemas");
  const exportSymbol = schemas && checker.getPropertyOfType(checker.getTypeOfSymbol(schemas), "AccountExport");
  if (!exportSymbol) throw new Error("no AccountExport schema");
  const root = checker.getTypeOfSymbol(exportSymbol);

  /** The type with null and undefined taken out, and an array's element for a `[]` step. */
  const step = (type: ts.Type, name: string): ts.Type | undefined => {
    const present = checker.getNonNullableType(type);
    const property = checker.getPropertyOfType(present, name);
    return property && checker.getTypeOfSymbol(property);
  };
  return (path) => {
    let type: ts.Type | undefined = root;
    for (const segment of path.split(".")) {
      const name = segment.replace(/\[\]$/, "");
      type = type && step(type, name);
      if (type && segment.endsWith("[]")) {
        const present = checker.getNonNullableType(type);
        type = checker.isArrayType(present) ? checker.getTypeArguments(present as ts.TypeReference)[0] : undefined;
      }
      if (!type) return false;
    }
    return true;
  };
}
