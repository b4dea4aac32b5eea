/**
 * Which targets a tenant may have scanned. By default nothing that resolves to loopback, private,
 * link-local, cloud-metadata or other reserved addresses; `--allow-target host|CIDR` opens hosts or
 * ranges. A target is resolved once: the approved address is pinned for every connection of the
 * scan (a later DNS answer cannot rebind it), and redirects never leave the origin in the engine.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";

export class PolicyError extends Error {
  override name = "PolicyError";
}

/** Ranges no tenant may reach unless the operator allows them, with the reason shown on refusal. */
const RESTRICTED: [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "unspecified"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "shared (CGNAT)"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "reserved"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["::ffff:0:0", 96, "ipv6", "IPv4-mapped"],
  ["64:ff9b::", 96, "ipv6", "NAT64"],
  ["fc00::", 7, "ipv6", "private (ULA, incl. fd00:ec2::254 metadata)"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

/** Why an address is restricted, or undefined for a public one. */
export function restrictionOf(address: string): string | undefined {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  for (const [net, prefix, type, why] of RESTRICTED) {
    if (type !== family) continue;
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    if (list.check(address, family)) return why;
  }
  return undefined;
}

export interface PinnedTarget {
  host: string;
  address: string;
  family: 4 | 6;
  /** True when every resolved address is public (domain verification applies). */
  isPublic: boolean;
  /** True when the operator allowed the host or its address explicitly. */
  allowedExplicitly: boolean;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export class TargetPolicy {
  private readonly hosts = new Set<string>();
  private readonly ranges = new BlockList();

  /** `allow` entries: host names, addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `localhost`). */
  constructor(
    allow: readonly string[] = [],
    private readonly resolve: Resolver = systemResolver,
  ) {
    for (const raw of allow) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, "");
      const slash = entry.indexOf("/");
      if (slash > 0) {
        const [net, bits] = [entry.slice(0, slash), Number(entry.slice(slash + 1))];
        const v = isIP(net);
        if (!v || !Number.isInteger(bits) || bits < 0 || bits > (v === 4 ? 32 : 128))
          throw new PolicyError(`--allow-target: ${JSON.stringify(raw)} is not a valid CIDR range`);
        this.ranges.addSubnet(net, bits, v === 4 ? "ipv4" : "ipv6");
      } else if (isIP(entry)) this.ranges.addAddress(entry, isIP(entry) === 4 ? "ipv4" : "ipv6");
      else if (/^[a-z0-9.-]+$/.test(entry) && entry.length > 0) this.hosts.add(entry.replace(/\.$/, ""));
      else throw new PolicyError(`--allow-target: ${JSON.stringify(raw)} is neither a host name nor a CIDR range`);
    }
  }

  /** Resolves and judges a URL's host; throws PolicyError with a one-line reason when refused. */
  async check(url: string): Promise<PinnedTarget> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PolicyError(`${JSON.stringify(url)} is not a URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new PolicyError(`only http and https targets can be scanned, not ${parsed.protocol}`);
    const host = parsed.hostname
      .replace(/^\[|\]$/g, "")
      .toLowerCase()
      .replace(/\.$/, "");
    const hostAllowed = this.hosts.has(host);
    let addresses: { address: string; family: number }[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw new PolicyError(`cannot resolve ${host}`);
      }
      if (addresses.length === 0) throw new PolicyError(`cannot resolve ${host}`);
    }
    let isPublic = true;
    let rangeAllowed = true;
    for (const { address, family } of addresses) {
      const inRange = this.ranges.check(address, family === 6 ? "ipv6" : "ipv4");
      rangeAllowed &&= inRange;
      const why = restrictionOf(address);
      if (why) isPublic = false;
      if (why && !inRange && !hostAllowed)
        throw new PolicyError(
          `target ${host} resolves to ${address}, a ${why} address; the operator can allow it with --allow-target`,
        );
    }
    const first = addresses[0];
    return {
      host,
      address: first.address,
      family: first.family === 6 ? 6 : 4,
      isPublic,
      allowedExplicitly: hostAllowed || rangeAllowed,
    };
  }
}

/** A connect-time resolver that answers only the approved host, always with the pinned address. */
export function pinnedLookup(pin: PinnedTarget): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    if (host !== pin.host) {
      const err = Object.assign(new Error(`refused to resolve ${hostname}: not the approved target`), {
        code: "ENOTFOUND",
      });
      callback(err, "", 0);
      return;
    }
    if (options.all) callback(null, [{ address: pin.address, family: pin.family }]);
    else callback(null, pin.address, pin.family);
  };
}
