// Imported first by app/root.tsx, so that it runs before any route module touches zod in the browser.
// Left to itself, zod probes `new Function("")` to see whether it may compile fast parsers; our
// Content-Security-Policy has no 'unsafe-eval', so the probe fails — harmlessly, but the browser
// reports it as a policy violation. The server (no CSP there) keeps zod's compiled parsers.
import { z } from "zod";

if (typeof document !== "undefined") z.config({ jitless: true });
