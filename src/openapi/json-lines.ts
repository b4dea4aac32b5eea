/**
 * The line of every operation in a JSON spec, found by one pass over the text. A YAML document
 * model of a multi-megabyte JSON spec costs hundreds of megabytes; JSON.parse plus this scan
 * costs the parsed value alone.
 */

interface Level {
  object: boolean;
  /** The key this object or array is the value of (undefined for array items and the document). */
  key?: string;
}

/** One JSON-pointer segment (RFC 6901: `~` and `/` escaped). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** `#/paths/<path>/<method>` → line (1-based) of the method key, for well-formed JSON text. */
export function jsonOperationLines(text: string): Record<string, number> {
  const found: Record<string, number> = {};
  const stack: Level[] = [];
  let pendingKey: string | undefined;
  let expectKey = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const start = i + 1;
      let j = start;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) j++;
        else if (d === 34) break;
      }
      if (expectKey) {
        const raw = text.slice(start, j);
        pendingKey = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        // Inside document → "paths" → "<path>": this key is a method (or a path-level field).
        if (stack.length === 3 && stack[1].key === "paths" && stack[2].object && stack[2].key !== undefined)
          found[`#/paths/${pointerSegment(stack[2].key)}/${pendingKey}`] = line;
        expectKey = false;
      } else pendingKey = undefined;
      i = j;
    } else if (c === 123 || c === 91) {
      stack.push({ object: c === 123, key: stack.length === 0 ? undefined : pendingKey });
      pendingKey = undefined;
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      stack.pop();
      pendingKey = undefined;
      expectKey = false;
    } else if (c === 44) {
      expectKey = stack.at(-1)?.object === true;
      pendingKey = undefined;
    }
  }
  return found;
}
