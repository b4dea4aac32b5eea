/**
 * Added latency of Rampart Guard on 127.0.0.1: the same small chat request sent straight to the
 * weak lab app, through the proxy and through the library's fetch wrapper; and the time to the
 * first streamed token with and without the proxy. Prints medians, p95 and max in ms.
 */
import { GUARD_LAB_KEY, labPolicy, startGuardedApp, startWeakApp } from "../lab/guard/weak-app.js";
import { createGuardFetch } from "../src/guard/index.js";

const ROUNDS = Number(process.env.GUARD_BENCH_ROUNDS ?? 300);
const body = JSON.stringify({ messages: [{ role: "user", content: "Say hello in five words." }], max_tokens: 32 });
const streamBody = JSON.stringify({
  messages: [{ role: "user", content: "Tell me a long story about the harbour." }],
  max_tokens: 64,
  stream: true,
});

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join("  ");

async function timed(send: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const res = await send();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return performance.now() - t;
}

async function firstToken(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${GUARD_LAB_KEY}`, "content-type": "application/json" },
    body: streamBody,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (!at && /"content":"[^"]+"/.test(seen)) at = performance.now() - t;
  }
  return at;
}

const app = await startWeakApp({ chunkDelayMs: 20 });
const guarded = await startGuardedApp(
  labPolicy({ limits: { ...labPolicy().limits, rate: { per_key: "100000/minute" } } }),
  app,
);
const post =
  (url: string, f: typeof fetch = fetch) =>
  () =>
    f(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GUARD_LAB_KEY}`, "content-type": "application/json" },
      body,
    });
const wrapped = createGuardFetch({
  policy: labPolicy({ limits: { ...labPolicy().limits, rate: undefined } }),
  upstreamKey: "lab-upstream-key-1",
});

// Warm up every path (JIT, tokenizer, keep-alive sockets).
for (let i = 0; i < 30; i++) {
  await timed(post(app.origin));
  await timed(post(guarded.proxy.url));
  await timed(post(app.origin, wrapped));
}
const direct: number[] = [];
const proxy: number[] = [];
const library: number[] = [];
// Interleaved, so drift on a shared machine hits all three alike.
for (let i = 0; i < ROUNDS; i++) {
  direct.push(await timed(post(app.origin)));
  proxy.push(await timed(post(guarded.proxy.url)));
  library.push(await timed(post(app.origin, wrapped)));
}
const added = (xs: number[]) => xs.map((x, i) => x - direct[i]);
console.log(`guard bench: ${ROUNDS} rounds, 127.0.0.1, round-trip ms`);
console.log(`  direct            ${fmt(stats(direct))}`);
console.log(`  through proxy     ${fmt(stats(proxy))}`);
console.log(`  through library   ${fmt(stats(library))}`);
console.log(`  added by proxy    ${fmt(stats(added(proxy)))}`);
console.log(`  added by library  ${fmt(stats(added(library)))}`);

// CPU time per request, which the machine's load does not inflate the way it does wall time.
const cpuPer = async (send: () => Promise<Response>, n = 200) => {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await timed(send);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / n;
};
const cpuDirect = await cpuPer(post(app.origin));
const cpuProxy = await cpuPer(post(guarded.proxy.url));
const cpuLibrary = await cpuPer(post(app.origin, wrapped));
console.log(
  `  CPU ms per request (client, guard and app in this process): direct ${cpuDirect.toFixed(2)}  proxy ${cpuProxy.toFixed(2)} (+${(cpuProxy - cpuDirect).toFixed(2)})  library ${cpuLibrary.toFixed(2)} (+${(cpuLibrary - cpuDirect).toFixed(2)})`,
);

const ttftDirect: number[] = [];
const ttftProxy: number[] = [];
for (let i = 0; i < 20; i++) {
  ttftDirect.push(await firstToken(`${app.origin}/v1/chat/completions`));
  ttftProxy.push(await firstToken(`${guarded.proxy.url}/v1/chat/completions`));
}
console.log(`  first streamed token, direct  ${fmt(stats(ttftDirect))}`);
console.log(`  first streamed token, proxy   ${fmt(stats(ttftProxy))}`);
await guarded.close();
await app.close();
