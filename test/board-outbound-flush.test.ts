// The relay's socket writes (decision 010, point 8): what is sent to a connection is held until the next
// flush, and flushes come at most once every FLUSH_GAP_MS while frames keep coming, so a busy board costs
// one socket write per connection and flush rather than one per edit. Nothing is lost, reordered or held
// longer than the gap.
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { boundedSender, DEFAULT_OUTBOUND, FLUSH_GAP_MS } from "../server/board/outbound.js";
import { startWsPairServer, type WsPairServer } from "./support/ws-pair.js";

type Sender = ReturnType<typeof boundedSender>;

interface Pair {
  sender: Sender;
  /** System-call-sized writes the server's socket made (each `_write` or `_writev`), with when. */
  writes: number[];
  received: Buffer[];
  client: WebSocket;
}

let server: WsPairServer;

beforeAll(async () => {
  server = await startWsPairServer();
});

afterAll(() => server.close());

/** A connection whose server side sends through `boundedSender`, the server's socket writes counted. */
async function connect(onWrite: () => void = () => undefined): Promise<Pair> {
  const { client, ws, socket } = await server.connect();
  const received: Buffer[] = [];
  client.on("message", (data) => received.push(data as Buffer));
  const writes: number[] = [];
  type Method = (...args: unknown[]) => unknown;
  const counted = socket as Duplex & { _write: Method; _writev?: Method };
  for (const method of ["_write", "_writev"] as const) {
    const original = counted[method];
    if (!original) continue;
    counted[method] = function (this: unknown, ...args: unknown[]) {
      writes.push(performance.now());
      onWrite();
      return original.apply(this, args);
    };
  }
  return { sender: boundedSender(ws, DEFAULT_OUTBOUND, undefined, socket), writes, received, client };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const quiet = () => new Promise<void>((resolve) => setTimeout(resolve, FLUSH_GAP_MS * 3));
const frame = (n: number) => Uint8Array.from([n & 0xff, (n >> 8) & 0xff, 7, 7, 7]);
async function receivedAll(pair: Pair, count: number): Promise<void> {
  for (let i = 0; i < 2_000 && pair.received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("the relay's socket writes", () => {
  it("a frame after a quiet moment leaves at the end of its own turn, without waiting for the gap", async () => {
    const pair = await connect();
    await quiet();
    pair.sender.send(frame(1));
    pair.sender.send(frame(2));
    expect(pair.writes).toHaveLength(0); // held during the turn…
    await turn();
    await turn();
    expect(pair.writes).toHaveLength(1); // …and both left in one write once it ended, before any timer
    await receivedAll(pair, 2);
    expect(pair.received.map((data) => data[0])).toEqual([1, 2]);
  });

  it("frames sent turn after turn go out at most once per gap, all of them, in order, to every connection", async () => {
    const pairs = [await connect(), await connect(), await connect()];
    await quiet();
    const started = performance.now();
    let sent = 0;
    // A busy board: something to relay at every turn of the event loop for 20 gaps.
    while (performance.now() - started < FLUSH_GAP_MS * 20) {
      for (const pair of pairs) pair.sender.send(frame(sent));
      sent++;
      await turn();
    }
    const elapsed = performance.now() - started;
    for (const pair of pairs) await receivedAll(pair, sent);
    expect(sent).toBeGreaterThan(60); // many more turns than gaps, or this would prove nothing
    for (const pair of pairs) {
      expect(pair.received.map((data) => data[0] | (data[1] << 8))).toEqual(Array.from({ length: sent }, (_, n) => n & 0xffff));
      // One write per flush: at most one per gap over the time frames were sent, plus the last flush.
      expect(pair.writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / FLUSH_GAP_MS) + 2);
      expect(pair.writes.length).toBeGreaterThanOrEqual(2);
      // Never held much longer than the gap (timers are late by a few ms on a busy machine, not by 10 gaps).
      const gaps = pair.writes.slice(1).map((at, i) => at - pair.writes[i]);
      expect(Math.max(...gaps)).toBeLessThan(FLUSH_GAP_MS * 10);
    }
  });

  it("a frame sent while a flush is writing, to a connection written before or after in that flush, leaves with the next one", async () => {
    // A send made from inside a socket write (as a write's side effects could): the connection it goes
    // to is corked again while the flush is still going through the list. It must neither be left
    // corked for good nor lose or reorder a frame, whether the flush already wrote it or not.
    const early = await connect();
    let reentered = 0;
    const middle = await connect(() => {
      if (reentered++ > 0) return;
      early.sender.send(frame(2)); // written earlier in this flush
      late.sender.send(frame(2)); // not written yet in this flush
    });
    const late = await connect();
    await quiet();
    for (const pair of [early, middle, late]) pair.sender.send(frame(1));
    await receivedAll(early, 2);
    await receivedAll(late, 2);
    expect(reentered).toBeGreaterThan(0);
    expect(early.received.map((data) => data[0])).toEqual([1, 2]);
    expect(late.received.map((data) => data[0])).toEqual([1, 2]);
    // Nothing stays corked: later frames still go out, after a quiet moment as after a busy one.
    await quiet();
    for (const pair of [early, late]) pair.sender.send(frame(3));
    await receivedAll(early, 3);
    await receivedAll(late, 3);
    expect(early.received.map((data) => data[0])).toEqual([1, 2, 3]);
    expect(late.received.map((data) => data[0])).toEqual([1, 2, 3]);
  });

  it("a connection closed while its frames wait is not written to after, and the others still get theirs", async () => {
    const [gone, kept] = [await connect(), await connect()];
    await quiet();
    gone.sender.send(frame(1));
    kept.sender.send(frame(1));
    await turn();
    await turn(); // the first flush: the next ones wait for the gap
    gone.sender.send(frame(2));
    kept.sender.send(frame(2));
    gone.client.terminate();
    await new Promise((resolve) => setTimeout(resolve, FLUSH_GAP_MS * 3));
    gone.sender.send(frame(3)); // after the close: dropped, not thrown
    kept.sender.send(frame(3));
    await receivedAll(kept, 3);
    expect(kept.received.map((data) => data[0])).toEqual([1, 2, 3]);
  });
});
