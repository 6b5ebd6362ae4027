// What the "frames locked" check costs on the relay's hot path: each participant update is decoded
// to see whether it touches a template shape (server/board/facilitation.ts). 400 notes on the board,
// 2,000 edits of them; median of 7 runs. Run: npx tsx bench/lock-check.ts
import * as Y from "yjs";
import { touchesTemplateShapes } from "../server/board/facilitation.js";
import { noteShape } from "../app/board/cards.js";
import { boardRecords } from "../app/board/shared-doc.js";
import { createShapeId } from "@tldraw/tlschema";
const server = new Y.Doc();
const client = new Y.Doc();
const updates: Uint8Array[] = [];
client.on("update", (u: Uint8Array) => updates.push(u));
for (let i = 0; i < 400; i++) boardRecords(client).set(`shape:n${i}`, noteShape({ id: createShapeId(`n${i}`), parentId: "page:page" as never, x: i, y: i, text: "une idée " + i }));
for (const u of updates) Y.applyUpdate(server, u);
updates.length = 0;
for (let i = 0; i < 2000; i++) boardRecords(client).set(`shape:n${i % 400}`, noteShape({ id: createShapeId(`n${i % 400}`), parentId: "page:page" as never, x: i, y: i, text: "modifiée " + i }));
const runs: number[] = [];
for (let r = 0; r < 7; r++) {
  const t0 = process.hrtime.bigint();
  for (const u of updates) touchesTemplateShapes(u, server);
  runs.push(Number(process.hrtime.bigint() - t0) / updates.length / 1000);
}
runs.sort((a, b) => a - b);
console.log(`median ${runs[3].toFixed(1)} µs per update (${updates.length} updates, ${updates[0].length} bytes each)`);
