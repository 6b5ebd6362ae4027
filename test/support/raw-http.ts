import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of the request body that had been written when the answer's first byte arrived. */
  bodyBytesSentBeforeAnswer: number;
}

/**
 * Writes a request byte for byte (headers exactly as given, then the body in chunks, stopping as
 * soon as an answer starts) and reads the answer until the server closes or it is complete. For what
 * `fetch` will not send: a false Content-Length, chunked bodies, several Origin headers…
 */
export function rawRequest(port: number, head: string, body: Buffer = Buffer.alloc(0), chunkBytes = 64 * 1024): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    let sent = 0;
    let answered = -1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const text = received.toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: text.slice(split + 4), bodyBytesSentBeforeAnswer: answered });
      socket.destroy();
    };
    socket.on("data", (chunk) => {
      if (answered < 0) answered = sent;
      received = Buffer.concat([received, chunk]);
      const text = received.toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && received.byteLength >= Buffer.byteLength(text.slice(0, split + 4)) + Number(length[1])) finish();
    });
    socket.on("end", finish);
    // The server may close while we still write (it refused without reading): what came back counts.
    socket.on("error", (error) => (received.byteLength > 0 ? finish() : reject(error)));
    socket.on("connect", () => {
      socket.write(head.replace(/\r?\n/g, "\r\n").replace(/(\r\n)*$/, "\r\n\r\n"));
      const writeMore = () => {
        while (answered < 0 && sent < body.byteLength) {
          const chunk = body.subarray(sent, sent + chunkBytes);
          sent += chunk.byteLength;
          if (!socket.write(chunk)) return void socket.once("drain", writeMore);
        }
      };
      writeMore();
    });
  });
}
