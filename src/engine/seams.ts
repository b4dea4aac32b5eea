/**
 * The typed seams between the parts of a scan, so nothing reads another part's data through a cast:
 *
 * - `LayerOption`: a layer's options under `ScanConfig.layers` (the LLM suite's tier, the burst
 *   size...). A zod schema with defaults; the writer builds its entry, readers get the parsed value.
 * - `ArtefactKey`: a value one part of a scan leaves for the others (a found spec, a memo, a
 *   promise shared by sibling checks), typed by its key and private to one scan.
 * - `ReportExtension`: a layer's data under `report.extensions[name]`. Published during the scan,
 *   or set on a finished report; read back through its schema, since reports also come from files
 *   and databases.
 *
 * Each key lives beside its writer, on the lowest floor that both the writer and its readers may
 * import, and readers import the writer's key (never a second declaration of the shape).
 */
import type { z } from "zod";

/** `ScanConfig.layers` / `ScanOptions.layers`: entries built by `LayerOption.entry`, read by `LayerOption.read`. */
export type LayerValues = Readonly<Record<string, unknown>>;

export class LayerOption<S extends z.ZodType<object>> {
  constructor(
    readonly name: string,
    readonly schema: S,
  ) {}

  /** The entry to merge into `ScanConfig.layers`, validated now so bad values fail before any request. */
  entry(value: z.input<S>): LayerValues {
    return { [this.name]: this.schema.parse(value) };
  }

  /** The layer's options, with the schema's defaults when the layer gave none. */
  read(layers: LayerValues): z.output<S> {
    return this.schema.parse(layers[this.name] ?? {});
  }
}

/**
 * What one scan's parts leave for each other. Values live in their keys (one WeakMap each), so a
 * value is typed by the key that wrote it and dies with the scan.
 */
export class Artefacts {
  readonly #extensions = new Map<string, unknown>();
  readonly #stats = new Map<string, number>();

  get<T>(key: ArtefactKey<T>): T | undefined {
    return key.valueIn(this);
  }

  set<T>(key: ArtefactKey<T>, value: T): void {
    key.store(this, value);
  }

  /** The key's value, made by `make` the first time it is asked for (memos, promises shared by checks). */
  once<T>(key: ArtefactKey<T>, make: () => T): T {
    const known = key.valueIn(this);
    if (known !== undefined) return known;
    const made = make();
    key.store(this, made);
    return made;
  }

  /** Adds to a numeric counter reported under `stats[name]` (e.g. `llmRequests`). */
  addStat(name: string, amount: number): void {
    this.#stats.set(name, (this.#stats.get(name) ?? 0) + amount);
  }

  /** Counters for `report.stats`, by name. */
  stats(): Record<string, number> {
    return Object.fromEntries(this.#stats);
  }

  /** Published extensions for `report.extensions`, by name (serialised as they are). */
  extensions(): Record<string, unknown> {
    return Object.fromEntries(this.#extensions);
  }

  /** Used by `ReportExtension.publish`; readers go through the extension's typed key. */
  publishRaw(name: string, value: unknown): void {
    this.#extensions.set(name, value);
  }
}

export class ArtefactKey<T> {
  readonly #values = new WeakMap<Artefacts, T>();

  /** `name` says what the value is, for readers of the code. */
  constructor(readonly name: string) {}

  valueIn(artefacts: Artefacts): T | undefined {
    return this.#values.get(artefacts);
  }

  store(artefacts: Artefacts, value: T): void {
    this.#values.set(artefacts, value);
  }
}

/** A value serialised when the report is built (state that keeps changing until the scan ends). */
export interface Deferred<T> {
  toJSON(): T;
}

/** Anything that carries `extensions` (a report, a report as stored). */
interface Extensible {
  extensions?: Record<string, unknown>;
}

export class ReportExtension<S extends z.ZodType> {
  readonly #published = new WeakMap<Artefacts, z.output<S>>();

  constructor(
    readonly name: string,
    readonly schema: S,
  ) {}

  /** Publishes the layer's data for the report being built (one name per layer; a later call replaces it). */
  publish(artefacts: Artefacts, value: z.output<S> | Deferred<z.output<S>>): void {
    if (isDeferred(value)) this.#published.delete(artefacts);
    else this.#published.set(artefacts, value);
    artefacts.publishRaw(this.name, value);
  }

  /** What this scan published so far (undefined while nothing, or only a deferred value, was published). */
  current(artefacts: Artefacts): z.output<S> | undefined {
    return this.#published.get(artefacts);
  }

  /** The extension in a finished report, validated (undefined when absent or not of this shape). */
  read(report: Extensible): z.output<S> | undefined {
    const raw = report.extensions?.[this.name];
    if (raw === undefined) return undefined;
    const parsed = this.schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  /** A copy of the report with the extension set. */
  withValue<R extends Extensible>(report: R, value: z.output<S>): R {
    return { ...report, extensions: { ...report.extensions, [this.name]: value } };
  }
}

function isDeferred<T>(value: T | Deferred<T>): value is Deferred<T> {
  return typeof value === "object" && value !== null && "toJSON" in value && typeof value.toJSON === "function";
}
