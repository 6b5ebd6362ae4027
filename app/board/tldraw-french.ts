// tldraw's interface in French through its own translation mechanism: the French file it ships
// (self-hosted under /tldraw-assets/translations, server/http/tldraw-assets.ts), selected by the
// user preference `locale`, plus the strings that file leaves in English, written in our catalogue
// under "tldraw.<tldraw's key>". docs/decisions/012.
import type { TLUiOverrides } from "tldraw";
import { fr } from "~/i18n/fr";

/** The locale tldraw loads, whatever language the browser is set to: the product is French. */
export const TLDRAW_LOCALE = "fr";

const PREFIX = "tldraw.";

/** tldraw translation key → our French, for what its French file lacks or leaves in English. */
export const tldrawFrenchFixes: Record<string, string> = Object.fromEntries(
  Object.entries(fr)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([key, text]) => [key.slice(PREFIX.length), text]),
);

// Module-level, so that its identity never changes: tldraw reloads its translation when it does.
export const boardUiOverrides: TLUiOverrides = { translations: { [TLDRAW_LOCALE]: tldrawFrenchFixes } };
