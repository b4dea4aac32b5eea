/**
 * How the scan's requests leave the machine: directly, or through an HTTP(S) proxy (`--proxy`,
 * or HTTP_PROXY / HTTPS_PROXY with NO_PROXY exceptions, as curl and npm read them), with an
 * extra CA bundle and a client certificate when the API asks for mutual TLS.
 */
import { readFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";
import { UsageError } from "./errors.js";

export interface TransportOptions {
  /** Proxy URL for every request (overrides HTTP_PROXY/HTTPS_PROXY); NO_PROXY still applies. */
  proxy?: string;
  /** PEM files: extra trusted CAs, and a client certificate with its key. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

/** Checks the options and reads the files: every problem is a usage error before any request. */
export function resolveTransport(options: TransportOptions, env: NodeJS.ProcessEnv = process.env) {
  if (options.proxy) {
    let url: URL | undefined;
    try {
      url = new URL(options.proxy);
    } catch {
      url = undefined;
    }
    if (!url || !["http:", "https:"].includes(url.protocol))
      throw new UsageError(`--proxy takes an http:// or https:// URL, not ${JSON.stringify(options.proxy)}`);
  }
  if (Boolean(options.certFile) !== Boolean(options.keyFile))
    throw new UsageError("--tls-cert and --tls-key go together (a client certificate needs its key)");
  const extraCa = options.caFile ? readPem(options.caFile, "--tls-ca") : undefined;
  const tls = {
    // The bundle adds to the usual roots (a company CA), it does not replace them.
    ...(extraCa ? { ca: [...rootCertificates, extraCa] } : {}),
    ...(options.certFile ? { cert: readPem(options.certFile, "--tls-cert") } : {}),
    ...(options.keyFile ? { key: readPem(options.keyFile, "--tls-key") } : {}),
  };
  const httpProxy = options.proxy ?? envValue(env, "HTTP_PROXY");
  const httpsProxy = options.proxy ?? envValue(env, "HTTPS_PROXY");
  return { tls, extraCa, httpProxy, httpsProxy, noProxy: envValue(env, "NO_PROXY") };
}

export type ResolvedTransport = ReturnType<typeof resolveTransport>;

export function createDispatcher(
  transport: ResolvedTransport | undefined,
  limits: { concurrency: number; timeoutMs: number; lookup?: LookupFunction },
): Dispatcher {
  // Certificates are judged by the transport checks; the scan itself must still reach a self-signed API
  // (unless the user gave a CA bundle: then the chain is checked against it).
  const connect = {
    rejectUnauthorized: Boolean(transport?.tls.ca),
    timeout: limits.timeoutMs,
    // The scan service pins the address it checked at submission (resolve once, connect there).
    ...(limits.lookup ? { lookup: limits.lookup } : {}),
    ...transport?.tls,
  };
  if (transport && (transport.httpProxy || transport.httpsProxy))
    return new EnvHttpProxyAgent({
      httpProxy: transport.httpProxy,
      httpsProxy: transport.httpsProxy,
      noProxy: transport.noProxy,
      connections: limits.concurrency,
      connect,
      requestTls: connect,
    });
  return new Agent({ connections: limits.concurrency, connect });
}
