// A new node's starting configuration, from its step's JSON Schema: only what the schema
// requires, each value the simplest of its kind (a `const` or `default`, an enum's first value,
// the minimum of a number, the fewest items of an array, an empty text). What the admin must
// still fill in is then named by validation.

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  return Array.isArray(type) ? (type.find((t) => t !== "null") as string | undefined) : (type as string | undefined);
}

/** The simplest value `schema` describes. */
export function defaultValue(schema: unknown): unknown {
  if (!isSchema(schema)) return null;
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (typeOf(schema)) {
    case "object":
      return defaultObject(schema);
    case "array": {
      const count = typeof schema.minItems === "number" ? schema.minItems : 0;
      return Array.from({ length: count }, () => defaultValue(schema.items));
    }
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "string":
      return "";
    default:
      return isSchema(schema.properties) ? defaultObject(schema) : null;
  }
}

function defaultObject(schema: Schema): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(required.map((key) => [key, defaultValue(properties[key])]));
}

/** A node's starting `config` for a step whose configuration `schema` describes (an object). */
export function defaultConfig(schema: unknown): Record<string, unknown> {
  return isSchema(schema) ? defaultObject(schema) : {};
}
