// Text measured without a browser: the report draws cards in Helvetica (the PDF's built-in font,
// and the SVG's first choice, whose fallback Arial has the same widths), so pdfkit's own font
// metrics tell how wide a line is, on the server, for both.
import PDFDocument from "pdfkit";

let measurer: InstanceType<typeof PDFDocument> | undefined;

// Helvetica's standard encoding (WinAnsi): Latin-1 plus these. "é", "à", "ç", "œ", "€", "’" are in it.
const WIN_ANSI_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the built-in font can draw: accented letters kept, others reduced to their base letter, emoji dropped. */
export function winAnsi(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\n" || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char)) {
      out += char;
      continue;
    }
    const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (/^[\x20-\x7e]+$/.test(base)) out += base;
  }
  return out.replace(/ {2,}/g, " ").trim();
}

/** The width of `text` in Helvetica at `fontSize`; a character Helvetica lacks counts one em (a fallback font draws it). */
export function helveticaWidth(text: string, fontSize: number): number {
  measurer ??= new PDFDocument({ autoFirstPage: false });
  const drawable = winAnsi(text);
  const missing = [...text.replace(/\s/g, "")].length - [...drawable.replace(/\s/g, "")].length;
  return measurer.font("Helvetica").fontSize(fontSize).widthOfString(drawable) + Math.max(0, missing) * fontSize;
}

/** `text` on lines no wider than `width` at `fontSize`: cut between words, and inside a word too long for a line. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const joined = line ? `${line} ${word}` : word;
      if (helveticaWidth(joined, fontSize) <= width) {
        line = joined;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      // A word wider than the line goes on in pieces, every letter kept.
      while (helveticaWidth(rest, fontSize) > width) {
        const chars = [...rest];
        let take = 1;
        while (take < chars.length && helveticaWidth(chars.slice(0, take + 1).join(""), fontSize) <= width) take++;
        lines.push(chars.slice(0, take).join(""));
        rest = chars.slice(take).join("");
      }
      line = rest;
    }
    if (line) lines.push(line);
  }
  return lines;
}
