// Masking of personal data as a Pothos plugin: a field declares `pii: "mobile"` or
// `pii: "email"`, and its resolver's answer is masked (src/auth/mask.ts) unless the request's
// principal has the `pii` scope. Only the value leaving the field changes; the objects the
// resolvers pass around keep the real numbers, so joins (an account to its employee by mobile)
// work the same with or without the scope. Masking is never an error: a caller without the scope
// gets the masked value.
import SchemaBuilder, { BasePlugin, type FieldNullability, type InputFieldMap, type PothosOutputFieldConfig, type SchemaTypes, type TypeParam } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";
import { maskValue, type PiiKind } from "./mask.js";
import { hasScope, type Principal } from "./Principal.js";

export const PII_PLUGIN = "pii" as const;

declare global {
  // Pothos' extension points are global interfaces merged by name; the type parameters must
  // repeat Pothos' own declaration exactly.
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      pii: PothosPiiPlugin<Types>;
    }
    interface FieldOptions<
      Types extends SchemaTypes = SchemaTypes,
      ParentShape = unknown,
      Type extends TypeParam<Types> = TypeParam<Types>,
      Nullable extends FieldNullability<Type> = FieldNullability<Type>,
      Args extends InputFieldMap = InputFieldMap,
      ResolveShape = unknown,
      ResolveReturnShape = unknown,
    > {
      /** Personal data: masked unless the caller has the `pii` scope. */
      pii?: PiiKind;
    }
  }
}

const SHOWN: Record<PiiKind, string> = { mobile: "138****8000", email: "z***@example.com" };

function piiOf(config: { pothosOptions: object }): PiiKind | undefined {
  return (config.pothosOptions as { pii?: PiiKind }).pii;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

export class PothosPiiPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  // The schema says which fields are masked, and `extensions.pii` lets code (and tests) find them.
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const kind = piiOf(fieldConfig);
    if (!kind) return fieldConfig;
    const note = `Personal data: without the pii scope shown masked, as ${SHOWN[kind]}.`;
    return {
      ...fieldConfig,
      description: fieldConfig.description ? `${fieldConfig.description} ${note}` : note,
      extensions: { ...fieldConfig.extensions, pii: kind },
    };
  }

  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>): GraphQLFieldResolver<unknown, Types["Context"], object> {
    const kind = piiOf(fieldConfig);
    if (!kind) return resolver;
    return (parent, args, context, info) => {
      const value: unknown = resolver(parent, args, context, info);
      if (hasScope((context as { principal?: Principal }).principal, "pii")) return value;
      return isPromiseLike(value) ? Promise.resolve(value).then((v) => maskValue(kind, v)) : maskValue(kind, value);
    };
  }
}

SchemaBuilder.registerPlugin(PII_PLUGIN, PothosPiiPlugin);
