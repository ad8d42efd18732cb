// graphql-js's printSchema with the cost directives (`@cost`, `@listSize`) written where the schema
// applies them. printSchema prints no applied directive but @deprecated, and a printer that prints
// them all (@graphql-tools/utils) would also print federation's @key and reformat every line of
// schema/schema.graphql; this keeps printSchema's text and adds only these two.
import { isInterfaceType, isObjectType, print, printSchema, printType, type ConstDirectiveNode, type GraphQLSchema } from "graphql";

const COST_DIRECTIVES = new Set(["cost", "listSize"]);

function printed(directives: readonly ConstDirectiveNode[] | undefined): string {
  return (directives ?? [])
    .filter((d) => COST_DIRECTIVES.has(d.name.value))
    .map((d) => ` ${print(d)}`)
    .join("");
}

/** printSchema(schema), plus the cost directives of each type and field as their AST nodes carry them. */
export function printSchemaWithCost(schema: GraphQLSchema): string {
  let text = printSchema(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type))) continue;
    const onType = printed(type.astNode?.directives);
    const onFields = new Map(Object.values(type.getFields()).flatMap((f) => (printed(f.astNode?.directives) ? [[f.name, printed(f.astNode?.directives)] as const] : [])));
    if (!onType && onFields.size === 0) continue;
    const block = printType(type);
    const lines = block.split("\n");
    let inDescription = false;
    let header = true;
    let pending: string | null = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const trimmed = line.trim();
      // Block-string descriptions may hold anything, a line like "  accounts: ..." included.
      if (trimmed.startsWith('"""')) {
        if (trimmed === '"""' || !trimmed.endsWith('"""') || trimmed.length < 6) inDescription = !inDescription;
        continue;
      }
      if (inDescription) continue;
      if (header) {
        if (/^(type|interface) /.test(line)) {
          lines[i] = line.replace(/ \{$/, `${onType} {`);
          header = false;
        }
        continue;
      }
      const field = /^ {2}(\w+)[(:]/.exec(line);
      if (field) pending = onFields.get(field[1] as string) ?? null;
      // A field ends on its own line, or (arguments with descriptions) on the line closing them.
      if (pending && (field ? !line.endsWith("(") : /^ {2}\): /.test(line))) {
        lines[i] = `${line}${pending}`;
        pending = null;
      }
    }
    // printSchema joins the printed types with blank lines: find this one's block between them.
    const at = [`\n\n${block}\n\n`, `\n\n${block}`].map((b) => ({ b, i: text.indexOf(b) })).find((x) => x.i >= 0 && (x.b.endsWith("\n\n") || x.i + x.b.length === text.length));
    if (!at) throw new Error(`printType(${type.name}) is not a block of printSchema: graphql's printer changed`);
    text = `${text.slice(0, at.i + 2)}${lines.join("\n")}${text.slice(at.i + 2 + block.length)}`;
  }
  return text;
}
