/**
 * Domain verification for public targets: the tenant proves control of a host by publishing its
 * token at https://HOST/.well-known/rampart-verification.txt or in a DNS TXT record of HOST.
 */
import { resolveTxt } from "node:dns/promises";
import { Agent, request } from "undici";
import { pinnedLookup, type TargetPolicy } from "./policy.js";

const FETCH_TIMEOUT_MS = 5000;
const MAX_FILE_BYTES = 4096;

export async function verifyDomain(
  policy: TargetPolicy,
  host: string,
  token: string,
): Promise<"well-known" | "dns-txt" | undefined> {
  if (await wellKnownHolds(policy, host, token)) return "well-known";
  try {
    const records = await resolveTxt(host);
    if (records.some((chunks) => chunks.join("").trim() === token)) return "dns-txt";
  } catch {
    // No TXT record (or no DNS): not verified this way.
  }
  return undefined;
}

async function wellKnownHolds(policy: TargetPolicy, host: string, token: string): Promise<boolean> {
  const url = `https://${host}/.well-known/rampart-verification.txt`;
  try {
    // The verification fetch obeys the same policy and pinning as a scan.
    const pin = await policy.check(url);
    const agent = new Agent({ connect: { lookup: pinnedLookup(pin), timeout: FETCH_TIMEOUT_MS } });
    try {
      const res = await request(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), dispatcher: agent });
      if (res.statusCode !== 200) {
        await res.body.dump();
        return false;
      }
      let text = "";
      for await (const chunk of res.body) {
        text += chunk.toString();
        if (text.length > MAX_FILE_BYTES) break;
      }
      return text.split(/\r?\n/).some((line) => line.trim() === token);
    } finally {
      await agent.destroy();
    }
  } catch {
    return false;
  }
}
