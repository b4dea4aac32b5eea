/**
 * Consent for the MCP server: which targets an agent may scan. The person who starts
 * `rampart mcp` names them with `--allow-target` (a host name, an IP address, either with a port,
 * or a CIDR range); with none, every scan is refused. The check runs before the scan and sends no
 * request to the target: a host name is resolved, and every address it resolves to must be allowed
 * (a name that also points outside the range is refused), unless the name itself was allowed.
 */
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { UsageError } from "../engine/errors.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One `--allow-target` entry, parsed. `port` undefined = any port. */
export type AllowRule =
  | { kind: "name"; name: string; wildcard: boolean; port?: number; source: string }
  | { kind: "range"; range: [Address, number]; port?: number; source: string };

/** Resolves a host name to every address it has (injectable so tests can pin DNS). */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function canonical(address: string): Address {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address it carries.
  return ipaddr.process(address);
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Parses one `--allow-target` value: `host`, `host:port`, `*.example.com`, `10.0.0.7`, `[::1]:8080`, `10.0.0.0/8`. */
export function parseAllowRule(input: string): AllowRule {
  const source = input.trim();
  const bad = () =>
    new UsageError(
      `--allow-target ${JSON.stringify(input)}: expected host[:port], an IP address[:port] or a CIDR range (e.g. 127.0.0.1:8080, api.example.com, 10.0.0.0/8)`,
    );
  if (!source || /[\s/?#@]/.test(source.replace(/\/\d{1,3}$/, ""))) throw bad();
  if (source.includes("/")) {
    if (!ipaddr.isValidCIDR(source)) throw bad();
    const [address, bits] = ipaddr.parseCIDR(source);
    return { kind: "range", range: [canonical(address.toString()), bits], port: undefined, source };
  }
  // A bare IPv6 address has colons of its own: it takes a port only inside brackets.
  const bareIpv6 = ipaddr.IPv6.isValid(source);
  const match = bareIpv6 ? null : /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(source);
  if (!bareIpv6 && !match) throw bad();
  const hostPart = match ? match[1] : `[${source}]`;
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw bad();
  const wildcard = hostPart.startsWith("*.");
  let host: string;
  try {
    // The URL parser normalises names and other spellings of an address (2130706433 = 127.0.0.1).
    host = stripBrackets(new URL(`http://${wildcard ? hostPart.slice(2) : hostPart}/`).hostname);
  } catch {
    throw bad();
  }
  if (ipaddr.isValid(host) && !wildcard) {
    const address = canonical(host);
    return { kind: "range", range: [address, address.kind() === "ipv4" ? 32 : 128], port, source };
  }
  if (!/^[a-z0-9.-]+$/.test(host)) throw bad();
  return { kind: "name", name: host.replace(/\.$/, ""), wildcard, port, source };
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

function nameMatches(rule: Extract<AllowRule, { kind: "name" }>, hostname: string): boolean {
  return rule.wildcard ? hostname.endsWith(`.${rule.name}`) : hostname === rule.name;
}

function addressMatches(rule: Extract<AllowRule, { kind: "range" }>, address: Address): boolean {
  return address.kind() === rule.range[0].kind() && address.match(rule.range);
}

/**
 * Resolves when `url` may be scanned under `rules`; throws a one-line `UsageError` (naming the
 * flag that would allow it) otherwise. Sends nothing to the target; a host name costs one DNS lookup.
 */
export async function checkConsent(
  url: URL,
  rules: readonly AllowRule[],
  resolve: Resolver = systemResolver,
): Promise<void> {
  const host = stripBrackets(url.hostname).toLowerCase().replace(/\.$/, "");
  const port = portOf(url);
  const suggestion = `${url.hostname}:${port}`;
  if (rules.length === 0)
    throw new UsageError(
      `no target is allowed: restart the MCP server with --allow-target ${suggestion} to let it scan ${url.origin}`,
    );
  const portOk = (rule: AllowRule) => rule.port === undefined || rule.port === port;
  if (rules.some((r) => r.kind === "name" && portOk(r) && nameMatches(r, host))) return;

  let addresses: Address[];
  if (ipaddr.isValid(host)) addresses = [canonical(host)];
  else {
    let resolved: string[];
    try {
      resolved = await resolve(host);
    } catch {
      throw new UsageError(`target ${url.origin} is not allowed: its host name does not resolve`);
    }
    if (resolved.length === 0)
      throw new UsageError(`target ${url.origin} is not allowed: its host name does not resolve`);
    addresses = resolved.map(canonical);
  }
  const ranges = rules.filter((r): r is Extract<AllowRule, { kind: "range" }> => r.kind === "range" && portOk(r));
  const outside = addresses.filter((a) => !ranges.some((r) => addressMatches(r, a)));
  if (outside.length === 0) return;
  const via = ipaddr.isValid(host) ? "" : ` (${host} resolves to ${outside.map(String).join(", ")})`;
  throw new UsageError(
    `target ${url.origin} is not allowed${via}: the server allows only ${rules.map((r) => r.source).join(", ")}; restart it with --allow-target ${suggestion} to permit it`,
  );
}
