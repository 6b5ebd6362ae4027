import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";

export interface OutboundLimits {
  /**
   * Bytes a connection may have waiting to be sent (ws `bufferedAmount`) beyond the sync reply it is
   * receiving: past it, a client that does not read is closed rather than held in memory.
   */
  maxBufferedBytes: number;
  /** How long a closed connection may take to accept its close frame before it is cut. */
  closeGraceMs: number;
}

/** Going away, server error, restarting: closes that say nothing against the client. */
const PROMPT_CLOSE_CODES = new Set([1001, 1011, 1012]);

export const DEFAULT_OUTBOUND: OutboundLimits = { maxBufferedBytes: 4 * 1024 * 1024, closeGraceMs: 2_000 };

/** Sent to a client whose socket holds more than it may: its provider reconnects and resyncs. */
export const CLOSE_TOO_SLOW = { code: 1013, reason: "connexion trop lente, reconnexion" } as const;

/**
 * Sockets corked since the last flush, uncorked together by the next one: a list reused from flush
 * to flush (two in turn, so that a socket corked while a flush runs waits for the next), and for each
 * socket the number of the flush it waits for. A Set emptied at every flush used to hold them: the
 * new tables of that long-lived Set, at each `clear()` and each growth back to 200 entries, 125 times
 * a second, landed in the old generation and went straight to the garbage of the major collections
 * (a third of what the relay's thread left there in the long-day bench, measured with V8's sampling
 * heap profiler); each major collection's marking slows the relay for 0.1–0.2 s (decision 010, 16).
 */
let corked: (Duplex | undefined)[] = [];
let corkedCount = 0;
let spare: (Duplex | undefined)[] = [];
let flushNumber = 0;
const corkedFor = new WeakMap<Duplex, number>();
let flushScheduled = false;
let lastFlushAt = Number.NEGATIVE_INFINITY;

/**
 * While frames keep coming, sockets are flushed at most once every this many milliseconds: a board's
 * relay then costs one socket write per connection and flush, not per edit (at 200 edits/s onto 200
 * connections, 40,000 `writev` a second were 44 % of the relay thread's busy time, measured in the
 * long-day bench). The first frame after a quiet moment leaves at the end of its own turn.
 */
export const FLUSH_GAP_MS = 8;

function flushAll(): void {
  flushScheduled = false;
  lastFlushAt = performance.now();
  const list = corked;
  const count = corkedCount;
  corked = spare;
  corkedCount = 0;
  spare = list;
  flushNumber++;
  for (let index = 0; index < count; index++) {
    const socket = list[index]!;
    list[index] = undefined;
    socket.uncork();
  }
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  // At the end of this turn, so that everything the turn sends leaves together; later if the last
  // flush was less than FLUSH_GAP_MS ago, so that the turns until then join it.
  setImmediate(flushWhenDue);
}

/**
 * Flushes now if the last flush is FLUSH_GAP_MS old, otherwise asks again then. A Node timer measures
 * its delay from the loop's cached clock, which a long turn leaves behind, so it may fire early: the
 * gap is checked again on this clock rather than trusted to the timer.
 */
function flushWhenDue(): void {
  const wait = lastFlushAt + FLUSH_GAP_MS - performance.now();
  if (wait <= 0) flushAll();
  else setTimeout(flushWhenDue, Math.ceil(wait));
}

/**
 * Holds what is written to `socket` until the next flush, so that the frames sent to it meanwhile (edits,
 * presence, facilitation messages) leave in one system call: with hundreds of sockets on a board, the
 * relay's cost is the number of socket writes, not their bytes. ws corks and uncorks around each frame
 * itself; corking nests, so its frames wait for ours.
 */
function corkUntilFlush(socket: Duplex): void {
  if (corkedFor.get(socket) === flushNumber || socket.destroyed) return;
  socket.cork();
  corkedFor.set(socket, flushNumber);
  corked[corkedCount++] = socket;
  scheduleFlush();
}

/**
 * The send side of one board socket, with backpressure: what the server keeps for a connection is
 * bounded by `maxBufferedBytes` plus the sync reply in flight (one at a time per connection, and for
 * a newcomer the shared encoding of the board, which ws does not copy). A connection past it is
 * closed; one that does not even take the close frame is terminated.
 */
export function boundedSender(
  ws: WebSocket,
  limits: OutboundLimits,
  onOverflow: (buffered: number) => void = () => undefined,
  /** The socket under `ws` (the upgrade's), corked until the next flush at each send when given. */
  socket?: Duplex,
): { send(frame: Uint8Array, kind?: "sync", written?: () => void): void; close(code: number, reason: string): void } {
  let syncInFlight = 0;
  const close = (code: number, reason: string) => {
    if (ws.readyState === ws.CLOSED) return;
    ws.close(code, reason);
    // What a closed connection still sends is never acted on: stop reading it rather than parse a flood.
    ws.pause();
    stopParsing(ws);
    // Its answer to the close frame is then never parsed. When the server closes for its own reasons
    // (restarting, the board taken by another node, storage), its side ends once the frame is
    // written, so that the client reconnects at once, and what the client still sends is read and
    // dropped until it ends its side (dropUntilPeerEnds); a client closed for what it sent is not
    // read at all and waits for the grace below, which also slows a flood that reconnects as soon as
    // it is closed.
    if (socket && PROMPT_CLOSE_CODES.has(code)) {
      socket.once("finish", () => dropUntilPeerEnds(socket));
      socket.end();
    }
    setTimeout(() => {
      if (ws.readyState !== ws.CLOSED) ws.terminate();
    }, limits.closeGraceMs).unref();
  };
  return {
    send(frame, kind, written) {
      if (ws.readyState !== ws.OPEN) return written?.();
      if (socket) corkUntilFlush(socket);
      if (kind === "sync") {
        syncInFlight += frame.byteLength;
        // Called once the socket took the frame, or failed to (closed): never left hanging.
        ws.send(frame, () => {
          syncInFlight -= frame.byteLength;
          written?.();
        });
      } else ws.send(frame);
      const buffered = ws.bufferedAmount;
      if (buffered > limits.maxBufferedBytes + syncInFlight) {
        onOverflow(buffered);
        close(CLOSE_TOO_SLOW.code, CLOSE_TOO_SLOW.reason);
      }
    },
    close,
  };
}

/**
 * Lets go of a socket whose close frame is written once the client has ended its side, reading and
 * dropping, unparsed, whatever it still sends meanwhile. Letting go as soon as the frame was written
 * left a closed socket under a client that was still editing: the kernel answers such writes with a
 * reset, and in CI a third of the runs of PostgreSQL's restart under three nodes had clients of the
 * owner see 1006, no reason given, instead of 1012 (test/cluster-postgres-restart.test.ts: 3 runs of
 * 9 before, 0 of 8 after). The client ends its side as soon as it reads the close frame; the close
 * grace terminates one that does not.
 */
function dropUntilPeerEnds(socket: Duplex): void {
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.once("end", () => socket.destroy());
  socket.resume();
}

/**
 * Stops ws from parsing the rest of a read already in hand: pausing the socket stops the next reads,
 * but ws goes on through the current one frame by frame, and 64 KiB of tiny frames is thousands of
 * them to parse for a connection that is being closed. ws (8.x) has no public way to say so; its
 * parser loops while `_loop` is true and checks it after each message. The closing handshake is then
 * not read: the connection is cut when the close grace ends, as for a peer that does not answer.
 */
function stopParsing(ws: WebSocket): void {
  const receiver = (ws as unknown as { _receiver?: { _loop?: boolean } })._receiver;
  if (receiver && typeof receiver._loop === "boolean") receiver._loop = false;
}
