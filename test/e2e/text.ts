/** For the few selectors that must match a catalogue message as a regular expression (a name that starts with it,
 * a message inside a longer text): the message still comes from t(), and its "(", "." or "?" are matched as written. */
export function pattern(message: string, { start = false } = {}): RegExp {
  return new RegExp(`${start ? "^" : ""}${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}
