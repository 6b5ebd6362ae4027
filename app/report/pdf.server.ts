// The report as an A4 PDF, with pdfkit's built-in Helvetica (no font file to ship). The board is
// drawn with vector calls from the same geometry as the page's SVG, so no rasteriser is needed.
import PDFDocument from "pdfkit";
import { clipLines, NOTE_LINE_HEIGHT, type BoardDrawing } from "./board-image.server.js";
import type { SessionReport } from "./gather.server.js";
import { reportOutline } from "./outline.server.js";
import { winAnsi } from "./text-metrics.server.js";

const MARGIN = 50;
type Pdf = InstanceType<typeof PDFDocument>;

export async function reportPdf(report: SessionReport, decisions = ""): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: winAnsi(report.session.title) } });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  for (const block of reportOutline(report, decisions)) {
    switch (block.kind) {
      case "title":
        pdf.font("Helvetica-Bold").fontSize(18).text(winAnsi(block.text)).moveDown(0.5);
        break;
      case "heading":
        pdf.moveDown(0.6).font("Helvetica-Bold").fontSize(14).text(winAnsi(block.text)).moveDown(0.3);
        break;
      case "subheading":
        pdf.moveDown(0.3).font("Helvetica-Bold").fontSize(11).text(winAnsi(block.text)).moveDown(0.2);
        break;
      case "paragraph":
        pdf.font("Helvetica").fontSize(10.5).text(winAnsi(block.text)).moveDown(0.3);
        break;
      case "list":
        pdf.font("Helvetica").fontSize(10.5).list(block.items.map(winAnsi), { bulletRadius: 2, textIndent: 12 }).moveDown(0.3);
        break;
      case "board":
        // A landscape page of its own: the board is a wide row of columns.
        pdf.addPage({ size: "A4", layout: "landscape", margin: MARGIN });
        pdf.font("Helvetica-Bold").fontSize(14).text(winAnsi(block.title)).moveDown(0.5);
        drawBoard(pdf, report.board);
        break;
    }
  }
  pdf.end();
  await finished;
  return Uint8Array.from(Buffer.concat(chunks));
}

/** The board's drawing scaled to the page's width, and to the space left on it for a tall board. */
function drawBoard(pdf: Pdf, drawing: BoardDrawing): void {
  const width = pdf.page.width - 2 * MARGIN;
  const scale = Math.min(width / drawing.width, (pdf.page.height - MARGIN - pdf.y) / drawing.height);
  const height = drawing.height * scale;
  const left = MARGIN;
  const top = pdf.y;
  pdf.save();
  pdf.lineWidth(0.5);
  for (const frame of drawing.frames) {
    pdf.rect(left + frame.x * scale, top + frame.y * scale, frame.w * scale, frame.h * scale).fillAndStroke("#f5f5f5", "#555555");
    const size = Math.max(4, 8 * scale);
    pdf.fillColor("#222222").font("Helvetica").fontSize(size);
    const label = clipLines(frame.name, Math.max(4, Math.floor((frame.w * scale) / (size * 0.55))), 1)[0] ?? "";
    pdf.text(winAnsi(label), left + frame.x * scale, top + frame.y * scale - size - 1, { lineBreak: false });
  }
  for (const note of drawing.notes) {
    const x = left + note.x * scale;
    const y = top + note.y * scale;
    pdf.rect(x, y, note.w * scale, note.h * scale).fillAndStroke("#fde68a", "#b08900");
    // Every line of the card, at the size the drawing found for them to fit its box.
    const fontSize = note.fontSize * scale;
    const [textX, textY] = [x + note.padding * scale, y + note.padding * scale];
    pdf.fillColor("#111111").font("Helvetica").fontSize(fontSize);
    note.lines.forEach((line, index) => {
      pdf.text(winAnsi(line), textX, textY + fontSize * NOTE_LINE_HEIGHT * index, { lineBreak: false });
    });
    if (note.votes !== null) {
      const r = Math.max(3, (note.w / 6) * scale);
      const right = x + note.w * scale;
      pdf.circle(right, y, r).fill("#b91c1c");
      pdf
        .fillColor("#ffffff")
        .fontSize(r)
        .text(String(note.votes), right - r, y - r / 2, { width: 2 * r, align: "center", lineBreak: false });
    }
  }
  pdf.restore();
  pdf.fillColor("#000000");
  pdf.x = MARGIN;
  pdf.y = top + height + 10;
}
