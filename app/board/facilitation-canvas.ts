// What the facilitation does to one browser's canvas: locks that stop a participant's hand before
// the server has to refuse, cards kept out of the shared doc during a private brainstorm (sent to
// the server alone), the author on new cards, and the camera following the phase, the facilitator
// or a summons. The server enforces what matters (server/board/facilitation.ts); this keeps an
// honest participant's screen in line with it.
import { Box, createShapeId, toRichText, type Editor, type TLNoteShape, type TLRecord, type TLShape, type TLUserId } from "tldraw";
import type * as Y from "yjs";
import { isFixed, participantRefusal } from "../../board-core/board-rights";
import { plainText } from "../../board-core/cards";
import type { FacilitationClient } from "./facilitation-client";
import type { FacilitationView } from "../../board-core/facilitation-protocol";
import type { RecordAuthor } from "../../board-core/shared-doc";

export interface CanvasFacilitationOptions {
  role: "facilitator" | "participant";
  /** This browser's presence user id, so that it never follows itself. */
  selfUserId: string;
  /** The board's authorship ledger (written by the server): which records are this person's. */
  authors: Y.Map<RecordAuthor>;
}

const isPrivate = (record: TLRecord): record is TLNoteShape =>
  record.typeName === "shape" && record.type === "note" && record.meta.private === true;
/** A card a participant writes in an anonymous step: on this screen only until the server posts it. */
const isAnonymousDraft = (record: TLRecord): record is TLNoteShape =>
  record.typeName === "shape" && record.type === "note" && record.meta.anonymous === true;

/** How long a summoned screen follows the facilitator's before it is free again (camera animation included). */
const SUMMON_RELEASE_MS = 1500;
/** How long a hidden card's text rests before it is sent: one message per pause in typing. */
const PRIVATE_SEND_DELAY_MS = 400;

export function bindFacilitationToCanvas(editor: Editor, client: FacilitationClient, options: CanvasFacilitationOptions): () => void {
  const participant = options.role === "participant";
  const view = () => client.view;
  const disposers: (() => void)[] = [];

  // What this screen created and the server has not filed yet: already its own.
  const createdHere = new Set<string>();
  const mine = (id: string) => {
    const author = options.authors.get(id);
    return author ? author.by === client.mine.authorKey : createdHere.has(id);
  };
  /** The same rule the server applies (board-rights.ts): an honest participant never sees an edit bounce. */
  const refused = (before: TLRecord | undefined, after: TLRecord | undefined) => {
    const subject = (before ?? after)!;
    if (!participant) return Boolean(view()?.locks.frames && isFixed(subject));
    if (subject.typeName === "shape" && (subject.meta.private === true || subject.meta.anonymous === true)) return false; // never shared
    return (
      participantRefusal(before, after, {
        existed: before !== undefined,
        mine: mine(subject.id),
        owns: mine,
        sorting: view()?.sorting ?? false,
        boardLocked: view()?.locks.board ?? false,
      }) !== null
    );
  };
  for (const type of ["shape", "binding"] as const) {
    disposers.push(
      editor.sideEffects.registerBeforeChangeHandler(type, (prev, next, source) =>
        source === "user" && refused(prev, next) ? prev : next,
      ),
      editor.sideEffects.registerBeforeDeleteHandler(type, (record, source) => {
        if (source === "user" && refused(record, undefined)) return false;
      }),
      // A kind the board does not take from participants (an image, a frame…) goes as soon as it comes.
      editor.sideEffects.registerAfterCreateHandler(type, (record, source) => {
        if (source !== "user") return;
        if (refused(undefined, record)) editor.store.remove([record.id]);
        else createdHere.add(record.id);
      }),
    );
  }
  // While ideas are hidden, new cards stay on this screen (the server alone receives them). In an
  // anonymous step, a participant's new card stays here while it is written, then the server posts
  // it: its record, its Yjs item and its place carry nothing that ties it to this person.
  disposers.push(
    editor.sideEffects.registerBeforeCreateHandler("shape", (shape, source) => {
      if (source !== "user" || shape.type !== "note") return shape;
      if (view()?.private) return { ...shape, meta: { ...shape.meta, private: true } };
      if (participant && view()?.anonymous) return { ...shape, meta: { ...shape.meta, anonymous: true } };
      return shape;
    }),
    // A draft is posted when its writer leaves it (the text editor closes on it).
    editor.sideEffects.registerAfterChangeHandler("instance_page_state", (before, after) => {
      const left = before.editingShapeId;
      if (left && left !== after.editingShapeId) postAnonymousDraft(left);
    }),
  );

  const posting = new Set<string>();
  const postAnonymousDraft = (id: string, withZone = true) => {
    const shape = editor.getShape(id as TLNoteShape["id"]);
    if (!shape || !isAnonymousDraft(shape) || (withZone && posting.has(id))) return;
    const text = plainText(shape.props.richText).trim();
    const forget = () => editor.store.mergeRemoteChanges(() => editor.store.remove([shape.id]));
    if (!text) return forget();
    const zoneId = withZone && shape.parentId.startsWith("shape:") ? shape.parentId : undefined;
    posting.add(id);
    void client.send({ type: "post", text, zoneId, anonymous: true }).then((outcome) => {
      posting.delete(id);
      if (outcome.ok) return forget(); // the server's card, without a name, is on the board now
      // Written outside the step's zones: the server places it in the step's first zone.
      if (outcome.reason === "unknown-zone" && zoneId) postAnonymousDraft(id, false);
      // Otherwise (the step changed meanwhile…) the draft stays here, never shared under a name.
    });
  };

  // Hidden cards: every change goes to the server, never into the doc (the binding skips them).
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const inFlight = new Set<string>();
  const sendPrivate = (id: string) => {
    timers.delete(id);
    const shape = editor.getShape(id as TLNoteShape["id"]);
    if (!shape || !isPrivate(shape)) return;
    const point = editor.getShapePageTransform(shape.id).point();
    inFlight.add(id);
    void client.send({ type: "private-card", id, text: plainText(shape.props.richText), x: point.x, y: point.y }).then((outcome) => {
      inFlight.delete(id);
      // The reveal came first: share the card like any other, so nothing written is lost.
      if (!outcome.ok && outcome.reason === "not-private") publish(id);
    });
  };
  const publish = (id: string) => {
    const shape = editor.getShape(id as TLNoteShape["id"]);
    if (!shape) return;
    // Put whole: updateShape merges meta, and a shared card carries no "private" flag at all.
    const { private: _hidden, ...meta } = shape.meta;
    editor.store.put([{ ...shape, meta }]);
  };
  disposers.push(
    editor.store.listen(
      ({ changes }) => {
        const touched = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, after]) => after)];
        for (const record of touched) {
          if (!isPrivate(record)) continue;
          clearTimeout(timers.get(record.id));
          timers.set(
            record.id,
            setTimeout(() => sendPrivate(record.id), PRIVATE_SEND_DELAY_MS),
          );
        }
        for (const record of Object.values(changes.removed)) {
          if (isPrivate(record)) void client.send({ type: "private-card-remove", id: record.id });
        }
      },
      { source: "user", scope: "document" },
    ),
  );

  /** Makes this screen's hidden cards match the server's list (after a reload, a phone post, a reveal). */
  const reconcilePrivate = () => {
    const cards = client.mine.privateCards;
    const local = editor.store.allRecords().filter(isPrivate);
    const known = new Set(cards.map((card) => card.id));
    const stale = local.filter((shape) => !known.has(shape.id) && !inFlight.has(shape.id) && !timers.has(shape.id));
    const have = new Set(local.map((shape) => shape.id as string));
    const zone = view()?.private ? editor.getShapePageBounds(view()!.private!.zoneId as TLShape["id"]) : undefined;
    const missing = cards.filter((card) => !have.has(card.id));
    if (stale.length === 0 && missing.length === 0) return;
    editor.store.mergeRemoteChanges(() => {
      if (stale.length > 0) editor.deleteShapes(stale.map((shape) => shape.id));
      missing.forEach((card, index) => {
        const x = card.x ?? (zone?.x ?? 0) + 30 + (index % 3) * 220;
        const y = card.y ?? (zone?.y ?? 0) + 30 + Math.floor(index / 3) * 220;
        editor.createShape({
          id: createShapeId(card.id.slice("shape:".length)),
          type: "note",
          x,
          y,
          meta: { private: true },
          props: { richText: toRichText(card.text) },
        });
      });
    });
  };

  let previous: FacilitationView | null = null;
  let release: ReturnType<typeof setTimeout> | undefined;
  const onChange = () => {
    const current = view();
    if (!current) return;
    if (participant) editor.updateInstanceState({ isReadonly: current.locks.board });
    const follow = current.follow?.userId;
    if (follow !== previous?.follow?.userId) {
      if (follow && follow !== options.selfUserId) editor.startFollowingUser(follow as TLUserId);
      else if (!follow) editor.stopFollowingUser();
    }
    if (previous && current.phaseId !== previous.phaseId && current.phaseId && !follow) {
      focusPhase(editor, current.phaseId, { animate: true });
    }
    reconcilePrivate();
    previous = current;
  };
  onChange();
  disposers.push(
    client.subscribe(onChange),
    // A summons takes the facilitator's whole view, then lets go: the participant is free again.
    client.onSummon((userId) => {
      if (userId === options.selfUserId) return;
      editor.startFollowingUser(userId as TLUserId);
      clearTimeout(release);
      release = setTimeout(() => {
        if (view()?.follow?.userId !== userId) editor.stopFollowingUser();
      }, SUMMON_RELEASE_MS);
    }),
  );

  return () => {
    clearTimeout(release);
    for (const timer of timers.values()) clearTimeout(timer);
    for (const dispose of disposers) dispose();
  };
}

/**
 * Shows a phase's column: its width fitting the screen (never past 100 %), its title just below
 * tldraw's menus. Without a phase, the first one.
 */
export function focusPhase(editor: Editor, phaseId: string | null, options: { animate?: boolean } = {}): void {
  const shapes = editor.getCurrentPageShapes();
  const titles = shapes.filter((shape) => shape.meta.role === "phase-title").sort((a, b) => a.x - b.x);
  const target = phaseId ?? titles[0]?.meta.phaseId;
  const column = target === undefined ? shapes : shapes.filter((shape) => shape.meta.phaseId === target);
  const bounds = column.flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  if (bounds.length === 0) return;
  const box = Box.Common(bounds);
  const [side, top] = [24, 64];
  const zoom = Math.min(1, (editor.getViewportScreenBounds().w - 2 * side) / box.w);
  // tldraw's camera: screen = (page + camera) × zoom.
  editor.setCamera({ x: side / zoom - box.x, y: top / zoom - box.y, z: zoom }, options.animate ? { animation: { duration: 400 } } : {});
}
