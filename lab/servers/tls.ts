/**
 * HTTPS lab servers with certificates generated at test time: one signed by a throwaway test CA
 * (trusted only when a test hands that CA to the scan), plus expired, not-yet-valid, self-signed,
 * wrong-host and soon-expiring ones, a server that still accepts TLS 1.0, and HSTS on or off.
 */
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import { type LabServer, type LabTls, router, startLab } from "../kit.js";
import { restModules } from "../rest/index.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export type CertificateKind = "good" | "expired" | "not-yet-valid" | "self-signed" | "wrong-host" | "expiring-soon";

interface KeyPair {
  privatePem: string;
  publicPem: string;
}

/** node:crypto makes RSA keys far faster than forge's pure-JS generator. */
function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

interface CertificateSpec {
  subjectName: string;
  subjectKey: KeyPair;
  /** Signer; undefined = self-signed with the subject's own key. */
  issuer?: { name: string; key: KeyPair };
  notBefore: Date;
  notAfter: Date;
  isCa?: boolean;
  altNames?: { dns?: string[]; ips?: string[] };
  serial: string;
}

function buildCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.subjectKey.publicPem);
  cert.serialNumber = spec.serial;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject([{ name: "commonName", value: spec.subjectName }]);
  cert.setIssuer([{ name: "commonName", value: spec.issuer?.name ?? spec.subjectName }]);
  const extensions: object[] = [{ name: "basicConstraints", cA: spec.isCa === true }];
  if (spec.isCa) extensions.push({ name: "keyUsage", keyCertSign: true, cRLSign: true });
  else extensions.push({ name: "keyUsage", digitalSignature: true, keyEncipherment: true });
  const altNames = [
    ...(spec.altNames?.dns ?? []).map((value) => ({ type: 2, value })),
    ...(spec.altNames?.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (altNames.length > 0) extensions.push({ name: "subjectAltName", altNames });
  cert.setExtensions(extensions);
  const signingKey = spec.issuer?.key ?? spec.subjectKey;
  cert.sign(forge.pki.privateKeyFromPem(signingKey.privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export interface LabCertificates {
  /** PEM of the test CA: pass it as `layers.tls.ca` to make the scan trust the CA-signed certificates. */
  caPem: string;
  /** Private key shared by every leaf certificate (one key keeps generation fast). */
  keyPem: string;
  certs: Record<CertificateKind, string>;
}

let cached: LabCertificates | undefined;

/** Generates the lab's certificates once per process, with dates relative to now. */
export function labCertificates(): LabCertificates {
  if (cached) return cached;
  const caKey = newKeyPair();
  const leafKey = newKeyPair();
  const now = Date.now();
  const caName = "Rampart Lab Test CA";
  const ca = { name: caName, key: caKey };
  const loopback = { dns: ["localhost"], ips: ["127.0.0.1"] };
  const leaf = (serial: string, from: number, to: number, overrides: Partial<CertificateSpec> = {}) =>
    buildCertificate({
      subjectName: "127.0.0.1",
      subjectKey: leafKey,
      issuer: ca,
      notBefore: new Date(now + from * DAY_MS),
      notAfter: new Date(now + to * DAY_MS),
      altNames: loopback,
      serial,
      ...overrides,
    });
  cached = {
    caPem: buildCertificate({
      subjectName: caName,
      subjectKey: caKey,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 3650 * DAY_MS),
      isCa: true,
      serial: "01",
    }),
    keyPem: leafKey.privatePem,
    certs: {
      good: leaf("10", -1, 365),
      expired: leaf("11", -400, -30),
      "not-yet-valid": leaf("15", 30, 400),
      "expiring-soon": leaf("12", -1, 10),
      "wrong-host": leaf("13", -1, 365, { subjectName: "wrong.example", altNames: { dns: ["wrong.example"] } }),
      "self-signed": leaf("14", -1, 365, { issuer: undefined }),
    },
  };
  return cached;
}

export interface TlsLabOptions {
  certificate?: CertificateKind;
  /** Strict-Transport-Security value to send on every response; undefined = none. */
  hsts?: string;
  /** Accept TLS 1.0 and 1.1 (with the weak ciphers they need). */
  legacyProtocols?: boolean;
  /** Serve the hardened REST twin (default) or the vulnerable one. */
  hardened?: boolean;
}

export interface TlsLab extends LabServer {
  apiUrl: string;
  caPem: string;
}

export const STRONG_HSTS = "max-age=31536000; includeSubDomains";

export async function startTlsLab(options: TlsLabOptions = {}): Promise<TlsLab> {
  const certificates = labCertificates();
  const tls: LabTls = { key: certificates.keyPem, cert: certificates.certs[options.certificate ?? "good"] };
  if (options.legacyProtocols) Object.assign(tls, { minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" });
  const hsts = options.hsts;
  const modules = restModules(options.hardened ?? true);
  const server = await startLab(
    router([
      {
        routes: [],
        decorate(_req, res) {
          if (hsts !== undefined) res.setHeader("strict-transport-security", hsts);
        },
      },
      ...modules,
    ]),
    tls,
  );
  return { ...server, apiUrl: `${server.origin}/api/v1/users`, caPem: certificates.caPem };
}
