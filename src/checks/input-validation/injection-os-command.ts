import { defineCheck } from "../../engine/check.js";
import { textOf } from "../../engine/http.js";
import type { Rng } from "../../engine/rng.js";
import {
  excerptAround,
  type InjectionVerdict,
  injectionMaxRequests,
  type ProbeClass,
  runInjection,
  startValue,
} from "./_injection.js";

/** Ways a value can end one shell command and start another, or substitute one. Only `echo` ever follows. */
const SEPARATORS = [
  { name: ";", wrap: (cmd: string) => `;${cmd}` },
  { name: "|", wrap: (cmd: string) => `|${cmd}` },
  { name: "&&", wrap: (cmd: string) => `&&${cmd}` },
  { name: "$()", wrap: (cmd: string) => `$(${cmd})` },
  { name: "backticks", wrap: (cmd: string) => `\`${cmd}\`` },
] as const;

/**
 * `echo ab''cd` prints `abcd`: the shell removes the empty quotes. The joined nonce is never in
 * the request, so an API that merely reflects the value cannot produce it.
 */
function echoNonce(rng: Rng): { command: string; output: string } {
  const left = `rmp${rng.token(6)}`;
  const right = rng.token(6);
  return { command: `echo ${left}''${right}`, output: `${left}${right}` };
}

export const osCommandInjection: ProbeClass = {
  tier: "active",
  requestsPerSlot: SEPARATORS.length + 1,
  applies: () => true,
  async probe(p) {
    const value = startValue(p.slot);
    for (const sep of SEPARATORS) {
      const nonce = echoNonce(p.rng);
      const probe = await p.send(`${value}${sep.wrap(nonce.command)}`);
      if (!textOf(probe).includes(nonce.output)) continue;
      const second = echoNonce(p.rng);
      const confirm = await p.send(`${value}${sep.wrap(second.command)}`);
      const agrees = textOf(confirm).includes(second.output);
      return {
        message: `OS command injection in ${p.slot.in} parameter ${p.slot.name}: after ${sep.name}, \`${nonce.command}\` printed ${nonce.output}, which only a shell produces${agrees ? "; a second nonce agrees" : ""}. Any command can run on the server.`,
        confidence: agrees ? "confirmed" : "firm",
        severity: "critical",
        probe,
        related: [{ role: "second nonce", exchange: confirm }],
        detail: `separator ${sep.name}; output ${nonce.output} in the answer`,
        excerpt: excerptAround(probe, nonce.output, 60),
      } satisfies InjectionVerdict;
    }
    return undefined;
  },
};

export default defineCheck({
  meta: {
    id: "injection-os-command",
    title: "OS command injection",
    category: "input-validation",
    severity: "critical",
    confidence: "confirmed",
    owasp: ["API8:2023", "A03:2021"],
    cwe: ["CWE-78"],
    maxRequests: injectionMaxRequests(osCommandInjection.requestsPerSlot),
    optIn: "active",
    description:
      "Active tier only (`--active`). Each parameter gets `echo` of a random nonce split by empty quotes behind `;`, `|`, `&&`, `$()` and backticks; the joined nonce, never in the request, in the answer shows a shell ran it. No other command is sent, never `sleep`. At most 6 GETs per parameter.",
    remediation:
      "Never build shell commands from input: call programs with an argument array (execFile, spawn without a shell) and validate values against an allow-list.",
    references: ["https://owasp.org/www-community/attacks/Command_Injection"],
  },
  run: (ctx) => runInjection(ctx, osCommandInjection),
});
