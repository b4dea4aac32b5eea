/**
 * A spec that cannot be used: unparsable, not OpenAPI/Swagger, or with a $ref that cannot or may
 * not be resolved. The CLI prints the message as one line and exits 2, so the message always
 * names where the problem is (file or URL, and a line or JSON pointer when known).
 */
export class SpecError extends Error {
  override name = "SpecError";
}
