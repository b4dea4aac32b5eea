import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectPii, ibanValid, luhnValid, maskPiiIn, piiSeverity } from "./index.js";

const kinds = (text: string) => detectPii(text).map((m) => m.kind);

/** Appends the Luhn check digit, so card numbers are built, not committed. */
function withLuhn(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return partial + d;
  throw new Error("unreachable");
}

describe("PII detector", () => {
  it("finds e-mail addresses but not file names, reserved domains or role mailboxes", () => {
    expect(kinds('{"email":"maria.lopez@mailbox-lab.net"}')).toEqual(["email"]);
    expect(kinds("logo@2x.png support@shop-lab.net jane@example.com git@github.com")).toEqual([]);
  });

  it("finds phone numbers in E.164 and national forms, not dates, versions or prices", () => {
    expect(kinds("call +1 415 555 0134 or (415) 555-0188 or +442079460958 or 020 7946 0958")).toEqual([
      "phone",
      "phone",
      "phone",
      "phone",
    ]);
    expect(kinds('{"mobile":"4155550123"}')).toEqual(["phone"]);
    expect(kinds('{"date":"2024-01-15","version":"10.2.3","price":"1234.56","ts":1700000000000}')).toEqual([]);
  });

  it("finds Luhn-valid cards with a brand prefix and marks test numbers", () => {
    const visa = withLuhn("453201511283036");
    expect(detectPii(`card ${visa}`).map((m) => [m.kind, m.detail])).toEqual([["payment-card", "Visa"]]);
    expect(kinds(`card ${visa.slice(0, 4)} ${visa.slice(4, 8)} ${visa.slice(8, 12)} ${visa.slice(12)}`)).toEqual([
      "payment-card",
    ]);
    expect(kinds("pay with 4242 4242 4242 4242")).toEqual(["test-card"]);
    // Luhn fails, inside a decimal, an id or a timestamp.
    expect(kinds(`n ${visa.slice(0, 15)}${(Number(visa[15]) + 1) % 10}`)).toEqual([]);
    expect(kinds(`{"amount":0.${visa},"order_id":"${visa}","id":${visa}}`)).toEqual([]);
  });

  it("reports SSNs only with context and within valid ranges", () => {
    expect(kinds('{"ssn":"536-22-8471"}')).toEqual(["us-ssn"]);
    expect(kinds("ref 536-22-8471")).toEqual([]);
    expect(kinds("ssn 666-22-8471, ssn 536-00-8471, ssn 078-05-1120")).toEqual([]);
  });

  it("finds IBANs that pass mod-97", () => {
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(kinds("IBAN DE75 5121 0800 1245 1261 99")).toEqual(["iban"]);
    expect(kinds("IBAN DE75 5121 0800 1245 1261 98")).toEqual([]);
    // Documented examples are samples, not accounts.
    expect(kinds("IBAN DE89 3704 0044 0532 0130 00")).toEqual([]);
  });

  it("finds internal IPv4 addresses but not version strings", () => {
    expect(kinds('{"upstream":"10.12.0.7:8080"}')).toEqual(["internal-ip"]);
    expect(kinds('{"version":"10.12.0.7","public":"8.8.8.8"}')).toEqual([]);
  });

  it("rates severity by kind and volume", () => {
    expect(piiSeverity("email", 1)).toBe("low");
    expect(piiSeverity("email", 20)).toBe("medium");
    expect(piiSeverity("payment-card", 1)).toBe("high");
    expect(piiSeverity("us-ssn", 12)).toBe("critical");
    expect(piiSeverity("test-card", 3)).toBe("info");
  });

  it("never flags UUIDs, hex digests or integers as cards or SSNs", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.bigInt({ min: 0n, max: 10n ** 19n }), (uuid, n) => {
        const found = kinds(`{"id":"${uuid}","count":${n},"hash":"${uuid.replace(/-/g, "")}"}`);
        return !found.includes("us-ssn") && !found.includes("payment-card") && !found.includes("iban");
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("masks PII in a text for display", () => {
    const visa = withLuhn("453201511283036");
    expect(maskPiiIn(`mail maria.lopez@mailbox-lab.net card ${visa} ssn 536-22-8471`)).toBe(
      `mail m***@mailbox-lab.net card Visa ****${visa.slice(-4)} ssn ***-**-8471`,
    );
  });
});
