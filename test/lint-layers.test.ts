// The layer rules of eslint.config.js fail on a wrong import (issue 14): app/ importing server/, and
// a file that reaches the browser importing a `.server` module. Fixture text, linted as if it lived
// at the path given; nothing is written to disk.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === "@typescript-eslint/no-restricted-imports").map((message) => message.message);
}

describe("layer rules", () => {
  it("refuse a value import of server/ from app/", async () => {
    const found = await restrictedImports(
      "app/registrations/fixture.server.ts",
      'import { createDb } from "../../server/db.js";\nexport const db = createDb("file:x");\n',
    );
    expect(found).toEqual([expect.stringContaining("app/ must not import server/")]);
  });

  it("refuse a .server module imported by a component or a client module", async () => {
    const code = 'import { loadThing } from "~/things.server";\nexport const load = loadThing;\n';
    expect(await restrictedImports("app/components/things/list.tsx", code)).toEqual([expect.stringContaining("browser")]);
    expect(await restrictedImports("app/board/Canvas.client.tsx", code)).toEqual([expect.stringContaining("browser")]);
  });

  it("let routes use .server modules, and app/ use react-dom/server", async () => {
    expect(await restrictedImports("app/routes/things.tsx", 'import { loadThing } from "~/things.server";\nexport const loader = loadThing;\n')).toEqual([]);
    expect(await restrictedImports("app/entry.server.tsx", 'import { renderToString } from "react-dom/server";\nexport const r = renderToString;\n')).toEqual([]);
  });
});
