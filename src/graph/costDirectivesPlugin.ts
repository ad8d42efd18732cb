// Puts the IBM cost directives (`@cost`, `@listSize`) the cost model implies (limits/routerCost.ts)
// on the built schema, so both SDLs carry them: the subgraph SDL imports them from Federation
// v2.9 (schema.ts), the public SDL declares them. Runs on the built schema because that is what
// the model reads (the same fields, types and argument defaults the estimate walks), and before
// the directives plugin turns every type's `extensions.directives` into the AST the printers read.
import SchemaBuilder, { BasePlugin, type SchemaTypes } from "@pothos/core";
import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLSchema, GraphQLString, isInterfaceType, isObjectType } from "graphql";
import { routerCost } from "../limits/routerCost.js";

export const COST_DIRECTIVES_PLUGIN = "costDirectives" as const;

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      costDirectives: PothosCostDirectivesPlugin<Types>;
    }
  }
}

// As Federation v2.9 defines them (the cost spec, https://specs.apollo.dev/cost/v0.1), so the
// public SDL and the subgraph SDL say the same thing. The IBM draft types `weight` as a String;
// Hive Gateway, Apollo Router and Cosmo take an Int.
const stringList = new GraphQLList(new GraphQLNonNull(GraphQLString));
export const COST_DIRECTIVE = new GraphQLDirective({
  name: "cost",
  args: { weight: { type: new GraphQLNonNull(GraphQLInt) } },
  locations: [
    DirectiveLocation.ARGUMENT_DEFINITION,
    DirectiveLocation.ENUM,
    DirectiveLocation.FIELD_DEFINITION,
    DirectiveLocation.INPUT_FIELD_DEFINITION,
    DirectiveLocation.OBJECT,
    DirectiveLocation.SCALAR,
  ],
});
export const LIST_SIZE_DIRECTIVE = new GraphQLDirective({
  name: "listSize",
  args: {
    assumedSize: { type: GraphQLInt },
    slicingArguments: { type: stringList },
    sizedFields: { type: stringList },
    requireOneSlicingArgument: { type: GraphQLBoolean, defaultValue: true },
  },
  locations: [DirectiveLocation.FIELD_DEFINITION],
});

interface AppliedDirective {
  name: string;
  args?: Record<string, unknown>;
}

type WithDirectives = { extensions: Readonly<Record<string, unknown>> | null | undefined };

function addDirective(target: WithDirectives, directive: AppliedDirective): void {
  const existing = (target.extensions?.["directives"] ?? []) as AppliedDirective[];
  if (!Array.isArray(existing)) throw new Error("directives must be kept as a list (the directives plugin's default)");
  target.extensions = { ...target.extensions, directives: [...existing, directive] };
}

export class PothosCostDirectivesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override afterBuild(schema: GraphQLSchema): GraphQLSchema {
    const { listSize, typeWeight } = routerCost(schema);
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type))) continue;
      const weight = typeWeight.get(type.name);
      if (weight !== undefined) addDirective(type as WithDirectives, { name: "cost", args: { weight } });
      for (const field of Object.values(type.getFields())) {
        const args = listSize.get(`${type.name}.${field.name}`);
        if (args) addDirective(field as WithDirectives, { name: "listSize", args: { ...args } });
      }
    }
    return new GraphQLSchema({ ...schema.toConfig(), directives: [...schema.getDirectives(), COST_DIRECTIVE, LIST_SIZE_DIRECTIVE] });
  }
}

SchemaBuilder.registerPlugin(COST_DIRECTIVES_PLUGIN, PothosCostDirectivesPlugin);
