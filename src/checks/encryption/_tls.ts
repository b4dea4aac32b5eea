/**
 * Raw TLS handshakes for the transport checks. They bypass `ctx.http` (which never judges
 * certificates) but keep its rails: only the target origin's host and port, a per-check
 * connection cap equal to `meta.maxRequests`, the scan deadline (`ctx.signal`) and the request timeout.
 *
 * An extra trusted CA (`--tls-ca`, or `trustedCaOption` in the scan config) is trusted in addition
 * to the runtime's default store (the lab's test CA uses it).
 */
import { isIP, type Socket } from "node:net";
import { Duplex } from "node:stream";
import tls, { type ConnectionOptions, type DetailedPeerCertificate, type SecureVersion } from "node:tls";
import type { CheckContext } from "../../engine/check.js";
import { HttpError } from "../../engine/http.js";
import type { Target } from "../../engine/target.js";
import { trustedCaOption } from "../../engine/tls-trust.js";

export interface TlsEndpoint {
  host: string;
  port: number;
  /** SNI name; absent for IP literals, where SNI is not allowed. */
  servername?: string;
}

/** The target's own TLS endpoint, or undefined when the target is not served over https. */
export function tlsEndpointOf(target: Target): TlsEndpoint | undefined {
  if (target.url.protocol !== "https:") return undefined;
  const host = target.url.hostname.replace(/^\[|\]$/g, "");
  return { host, port: Number(target.url.port || 443), ...(isIP(host) ? {} : { servername: host }) };
}

/** CAs trusted in addition to the default store. */
export function extraCaOf(ctx: Pick<CheckContext, "option">): string[] {
  return ctx.option(trustedCaOption).ca;
}

export interface Handshake {
  protocol: string | null;
  /** OpenSSL's chain verdict (Node may also put a hostname error here). */
  authorizationError?: string;
  peer: DetailedPeerCertificate;
}

/** The handshake failed after TCP connected: the server refused what was offered (or spoke no TLS). */
export class HandshakeRefused extends Error {
  override name = "HandshakeRefused";
  constructor(readonly code: string) {
    super(`TLS handshake refused: ${code}`);
  }
}

const connectionsByCheck = new WeakMap<CheckContext, number>();

function reserveConnection(ctx: CheckContext): void {
  if (ctx.signal.aborted) throw new HttpError("deadline", "scan deadline reached");
  const used = connectionsByCheck.get(ctx) ?? 0;
  if (used >= ctx.meta.maxRequests)
    throw new HttpError("check-budget", `check ${ctx.meta.id} used its ${ctx.meta.maxRequests} connections`);
  connectionsByCheck.set(ctx, used + 1);
  ctx.artefacts.addStat("tlsConnections", 1);
}

export type HandshakeOptions = Pick<ConnectionOptions, "minVersion" | "maxVersion" | "ciphers">;

/**
 * One TLS handshake with the target endpoint; resolves with what the server presented.
 * Rejects with HandshakeRefused when TCP connected but TLS failed, and with an HttpError
 * (network, timeout, deadline) otherwise, so the runner turns it into `inconclusive`.
 */
export function handshake(
  ctx: CheckContext,
  endpoint: TlsEndpoint,
  options: HandshakeOptions = {},
): Promise<Handshake> {
  reserveConnection(ctx);
  const extraCa = extraCaOf(ctx);
  const timeoutMs = ctx.scan.limits.timeoutMs;
  return new Promise((resolve, reject) => {
    let tcpConnected = false;
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.servername ? { servername: endpoint.servername } : {}),
      // Trust is judged from authorizationError below; the handshake must complete to read the certificate.
      rejectUnauthorized: false,
      ...(extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
      ...options,
    });
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(new HttpError("deadline", "scan deadline reached")));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new HttpError("timeout", `no TLS handshake with ${endpoint.host}:${endpoint.port} within ${timeoutMs} ms`),
          ),
        ),
      timeoutMs,
    );
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    (socket as Socket).once("connect", () => {
      tcpConnected = true;
    });
    socket.once("secureConnect", () => {
      const handshakeResult: Handshake = {
        protocol: socket.getProtocol(),
        peer: socket.getPeerCertificate(true),
        ...(socket.authorized ? {} : { authorizationError: String(socket.authorizationError) }),
      };
      finish(() => resolve(handshakeResult));
    });
    socket.once("error", (err: Error & { code?: string }) => {
      const code = err.code ?? err.message;
      finish(() =>
        reject(
          tcpConnected
            ? new HandshakeRefused(code)
            : new HttpError("network", `could not reach ${endpoint.host}:${endpoint.port}: ${code}`),
        ),
      );
    });
  });
}

/** TLS record-layer version bytes a ClientHello carries for each legacy protocol. */
const CLIENT_HELLO_VERSION: Partial<Record<SecureVersion, number>> = { TLSv1: 0x0301, "TLSv1.1": 0x0302 };
const offerCache = new Map<string, Promise<boolean>>();

/**
 * Whether this runtime can offer `version` at all, decided without any network traffic: start a
 * handshake into an in-memory stream and read the ClientHello's version (or the error OpenSSL gives).
 */
export function runtimeOffers(version: SecureVersion, ciphers: string): Promise<boolean> {
  const expected = CLIENT_HELLO_VERSION[version];
  if (expected === undefined) return Promise.resolve(true);
  const cacheKey = `${version} ${ciphers}`;
  const cached = offerCache.get(cacheKey);
  if (cached) return cached;
  const verdict = new Promise<boolean>((resolve) => {
    let settled = false;
    const settle = (offered: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(offered);
      queueMicrotask(() => secure?.destroy());
    };
    const sink = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        // Record header (5 bytes), handshake header (4 bytes), then the ClientHello's client_version.
        const isClientHello = chunk[0] === 0x16 && chunk[5] === 0x01 && chunk.length >= 11;
        settle(isClientHello && chunk.readUInt16BE(9) === expected);
        done();
      },
    });
    const timer = setTimeout(() => settle(false), 1000);
    let secure: tls.TLSSocket | undefined;
    try {
      secure = tls.connect({ socket: sink, minVersion: version, maxVersion: version, ciphers });
      secure.once("error", () => settle(false));
    } catch {
      settle(false);
    }
  });
  offerCache.set(cacheKey, verdict);
  return verdict;
}
