// tldraw listens for keys on its container and ignores them while a text field has the focus, such
// as the editor of the card being written. A key pressed on the canvas and released once a card's
// editor took the focus (a space typed just as a double-clicked card opens) is then never released
// for tldraw. A held Space means "pan": every later click pans the board instead of reaching the tool
// (no card is created where one clicks, nothing is selected), and Escape does not end it, until
// Space is pressed and released again on the canvas. tldraw releases held keys itself when the
// window loses the focus; this releases the ones let go where tldraw was not listening.
import type { Editor } from "tldraw";

/** tldraw files a right-hand modifier under the left-hand one (Editor's keyboard handling). */
const LEFT_HAND: Record<string, string> = { ControlRight: "ControlLeft", MetaRight: "MetaLeft" };

export function bindMissedKeyReleases(editor: Editor): () => void {
  const window = editor.getContainer().ownerDocument.defaultView;
  if (!window) return () => undefined;
  // On the window, in the bubbling phase: after tldraw's own listener on its container, so a key
  // still held here is one tldraw did not see released.
  const onKeyUp = (event: KeyboardEvent) => {
    const code = LEFT_HAND[event.code] ?? event.code;
    if (!editor.inputs.keys.has(code)) return;
    editor.dispatch({
      type: "keyboard",
      name: "key_up",
      key: event.key,
      code,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      ctrlKey: event.metaKey || event.ctrlKey,
      metaKey: event.metaKey,
      accelKey: event.metaKey || event.ctrlKey,
    });
  };
  window.addEventListener("keyup", onKeyUp);
  return () => window.removeEventListener("keyup", onKeyUp);
}
