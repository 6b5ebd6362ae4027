import type { BoardConnection } from "../../server/board/room.js";

/** A board connection that keeps every frame the room sends it and every close it asks for. */
export function fakeConnection() {
  const frames: Uint8Array[] = [];
  const closes: { code: number; reason: string }[] = [];
  const connection: BoardConnection = {
    send: (frame) => frames.push(frame),
    close: (code, reason) => closes.push({ code, reason }),
  };
  return { connection, frames, closes };
}
