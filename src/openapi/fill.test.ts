import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fillRequest, sampleValue } from "./fill.js";
import type { JsonSchema } from "./model.js";
import { createValidator } from "./validate.js";

/** Satisfiable parameter schemas of the kinds specs use for path and query values. */
const numberSchema = fc
  .record({
    type: fc.constantFrom("integer", "number"),
    minimum: fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }),
    span: fc.integer({ min: 0, max: 100 }),
    capped: fc.boolean(),
  })
  .map(({ type, minimum, span, capped }): JsonSchema => {
    const schema: JsonSchema = { type };
    if (minimum !== undefined) schema.minimum = minimum;
    if (capped) schema.maximum = (minimum ?? 0) + span;
    return schema;
  });
const stringSchema = fc
  .record({
    format: fc.option(fc.constantFrom("uuid", "date", "date-time", "email", "uri", "ipv4"), { nil: undefined }),
    minLength: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    extra: fc.integer({ min: 0, max: 20 }),
  })
  .map(({ format, minLength, extra }): JsonSchema => {
    if (format) return { type: "string", format };
    const schema: JsonSchema = { type: "string" };
    if (minLength !== undefined) schema.minLength = minLength;
    schema.maxLength = (minLength ?? 1) + extra;
    return schema;
  });
const enumSchema = fc
  .array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 })
  .map((values): JsonSchema => ({ type: "string", enum: values }));
const anySchema = fc.oneof(numberSchema, stringSchema, enumSchema);

describe("parameter filling", () => {
  const validate = createValidator();

  it("builds values that are valid for their schema", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anySchema,
          anySchema.map((items): JsonSchema => ({ type: "array", items, maxItems: 3 })),
        ),
        (schema) => {
          const { value } = sampleValue(schema, "value");
          expect(validate(schema, value)).toEqual([]);
        },
      ),
    );
  });

  it("starts ids and unbounded integers at 1, and prefers examples, defaults and enums in that order", () => {
    expect(sampleValue({ type: "integer" }, "id")).toEqual({ value: 1, source: "schema" });
    expect(sampleValue({ type: "string" }, "userId").value).toBe("1");
    expect(sampleValue({ type: "integer", default: 5, enum: [7] }, "n", 3)).toEqual({ value: 3, source: "example" });
    expect(sampleValue({ type: "integer", default: 5, enum: [7] }, "n")).toEqual({ value: 5, source: "default" });
    expect(sampleValue({ type: "integer", enum: [7, 8] }, "n")).toEqual({ value: 7, source: "enum" });
  });

  it("leaves no template variable unfilled and is deterministic", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 }), (names) => {
        const template = `/api/${names.map((n) => `{${n}}`).join("/")}`;
        const params = names
          .slice(1)
          .map((name) => ({ name, in: "path" as const, required: true, schema: { type: "integer" } }));
        const first = fillRequest(template, params);
        expect(first.url).not.toContain("{");
        expect(fillRequest(template, params)).toEqual(first);
      }),
    );
  });
});
