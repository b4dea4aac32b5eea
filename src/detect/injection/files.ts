/**
 * Content signatures of harmless well-known files a path traversal reaches: enough structure
 * that a page merely mentioning the file name does not match.
 */
export interface FileSignature {
  file: string;
  pattern: RegExp;
}

export const PASSWD: FileSignature = { file: "/etc/passwd", pattern: /^root:[^:\n]*:0:0:[^\n]*$/m };
export const GROUP: FileSignature = { file: "/etc/group", pattern: /^root:[^:\n]*:0:[^\n]*$/m };
export const WIN_INI: FileSignature = {
  file: "win.ini",
  pattern: /; for 16-bit app support|^\[(fonts|extensions|mci extensions)\]\s*$/im,
};
export const SYSTEM_INI: FileSignature = { file: "system.ini", pattern: /^\[(drivers|boot loader|386enh)\]\s*$/im };
