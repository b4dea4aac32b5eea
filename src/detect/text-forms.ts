/** Encodings that hide text from keyword filters, and their inverses: shared by the LLM probes, their verdicts and the guard. */

export function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };
export function leetspeak(s: string): string {
  return s.replace(/[aeiost]/gi, (c) => LEET[c.toLowerCase()]);
}

/** Unicode tag characters (U+E0000 + ASCII): invisible in most UIs, still read by many models. */
export function toUnicodeTags(s: string): string {
  return [...s].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0)! & 0x7f))).join("");
}

export function fromUnicodeTags(s: string): string {
  return [...s]
    .map((c) => {
      const cp = c.codePointAt(0)!;
      return cp >= 0xe0000 && cp <= 0xe007f ? String.fromCharCode(cp - 0xe0000) : c;
    })
    .join("");
}

/** Splits every word with zero-width spaces, which defeats naive keyword filters. */
export function zeroWidthSplit(s: string): string {
  return s.replace(/([A-Za-z])(?=[A-Za-z])/g, "$1\u200b");
}

const PRINTABLE = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/;

/** Decodes base64 and hex runs found in a reply, keeping only results that read as text. */
export function decodedSegments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
    const decoded = Buffer.from(m[0], "base64").toString("utf8");
    if (decoded.length >= 12 && PRINTABLE.test(decoded) && /[a-z]{3,}\s/i.test(decoded)) out.push(decoded);
  }
  for (const m of text.matchAll(/\b(?:[0-9a-fA-F]{2}[\s]?){16,}/g)) {
    const decoded = Buffer.from(m[0].replace(/\s/g, ""), "hex").toString("utf8");
    if (PRINTABLE.test(decoded) && /[a-z]{3,}\s/i.test(decoded)) out.push(decoded);
  }
  const tags = fromUnicodeTags(text);
  if (tags !== text) out.push(tags);
  return out;
}

/** The reply plus every decodable segment in it (and its ROT13 reading when asked for). */
export function readableForms(text: string, alsoRot13 = false): string[] {
  const forms = [text, ...decodedSegments(text)];
  if (alsoRot13) forms.push(rot13(text));
  return forms;
}
