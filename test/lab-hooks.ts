/**
 * vitest hooks that start lab servers (all on 127.0.0.1) for a describe block and close them
 * after it. Kept apart from harness.ts, which src code re-exports, so vitest stays test-only.
 */
import { afterAll, beforeAll } from "vitest";
import { type LlmLab, startHardenedBot, startNaiveBot } from "../lab/llm/servers.js";

/**
 * Starts a lab in beforeAll and closes it in afterAll. The returned object is filled in
 * beforeAll (its fields are the started lab's own), so read it inside tests only.
 */
export function useLab<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const lab = {} as T;
  beforeAll(async () => {
    Object.assign(lab, await start());
  });
  afterAll(() => lab.close());
  return lab;
}

export interface LlmBots {
  naive: LlmLab;
  hardened: LlmLab;
  /** Awaits a lab started inside a test and closes it with the others after the block. */
  start(p: Promise<LlmLab>): Promise<LlmLab>;
}

/** The naive and the hardened LLM bot, started once for the block; `start` adds more. */
export function useLlmBots(): LlmBots {
  const labs: LlmLab[] = [];
  const start = async (p: Promise<LlmLab>) => {
    const s = await p;
    labs.push(s);
    return s;
  };
  const bots = { start } as LlmBots;
  afterAll(() => Promise.all(labs.map((s) => s.close())));
  beforeAll(async () => {
    [bots.naive, bots.hardened] = await Promise.all([start(startNaiveBot()), start(startHardenedBot())]);
  });
  return bots;
}

/**
 * Starts the named labs together in beforeAll and closes them all in afterAll:
 * `const labs = useLabs({ api: () => startRestApi(...), spa: () => startCatchAll("spa") })`.
 * The fields are filled in beforeAll, so read them inside tests only.
 */
export function useLabs<T extends Record<string, { close(): Promise<void> }>>(
  starts: {
    [K in keyof T]: () => Promise<T[K]>;
  },
): T {
  const labs = {} as T;
  beforeAll(async () => {
    const names = Object.keys(starts) as (keyof T)[];
    const started = await Promise.all(names.map((name) => starts[name]()));
    names.forEach((name, i) => {
      labs[name] = started[i];
    });
  });
  afterAll(() => Promise.all(Object.values(labs).map((s) => s.close())));
  return labs;
}
