import QRCode from "qrcode";

/** The address a participant opens (or scans) to join a session with its code filled in. */
export function joinLink(request: Request, joinCode: string): string {
  return new URL(`/join/${joinCode}`, new URL(request.url).origin).toString();
}

/** An SVG QR code of the join link, with a generous quiet zone so it scans from a projected screen. */
export function joinQrSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}
