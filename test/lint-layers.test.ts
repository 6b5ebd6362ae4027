// The layer rules of eslint.config.js fail on a wrong import (issue 14, docs/decisions/013): app/
// importing server/, board-core/ importing app/ or server/, the board server importing app/ or the
// rest of server/, and a file that reaches the browser importing a `.server` module. Fixture text, linted as if it lived
// at the path given; nothing is written to disk.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((message) => message.message);
}

describe("layer rules", () => {
  it("refuse a value import of server/ from app/", async () => {
    const found = await restrictedImports(
      "app/registrations/fixture.server.ts",
      'import { openBoardStore } from "../../server/board/board-store.js";\nexport const store = openBoardStore;\n',
    );
    expect(found).toEqual([expect.stringContaining("app/ must not import server/")]);
    // A type is an import too: the app declares what it needs (app/lib/load-context.ts).
    const typeOnly = await restrictedImports(
      "app/sessions/fixture.server.ts",
      'import type { Env } from "../../server/env.js";\nexport type E = Env;\n',
    );
    expect(typeOnly).toEqual([expect.stringContaining("app/ must not import server/")]);
  });

  it("refuse board-core/ importing app/ or server/, by any path", async () => {
    for (const from of ["../app/i18n/index.js", "../server/board/room.js", "~/i18n", "./../app/auth/auth.server.js"]) {
      const found = await restrictedImports("board-core/fixture.ts", `import { x } from "${from}";\nexport const y = x;\n`);
      expect(found, from).toEqual(expect.arrayContaining([expect.stringContaining("board-core/ must not import")]));
    }
    expect(
      await restrictedImports("board-core/fixture.ts", 'import { boardRecords } from "./shared-doc.js";\nexport const r = boardRecords;\n'),
    ).toEqual([]);
  });

  it("refuse the board server importing app/ or the rest of server/, and let it import the core, the database client and the logger", async () => {
    for (const from of ["../../app/auth/auth.server.js", "../http/cross-site.js", "../env.js", "~/i18n", "../../server/env.js"]) {
      const found = await restrictedImports("server/board/fixture.ts", `import { x } from "${from}";\nexport const y = x;\n`);
      expect(found, from).toEqual([expect.stringContaining("server/board/ imports only")]);
    }
    for (const from of ["../../board-core/cards.js", "../../prisma/db.js", "../log.js", "./room.js"]) {
      expect(await restrictedImports("server/board/fixture.ts", `import { x } from "${from}";\nexport const y = x;\n`), from).toEqual([]);
    }
  });

  it("refuse a .server module imported by a component or a client module", async () => {
    const code = 'import { loadThing } from "~/things.server";\nexport const load = loadThing;\n';
    expect(await restrictedImports("app/sessions/list.tsx", code)).toEqual([expect.stringContaining("browser")]);
    expect(await restrictedImports("app/ui/list.tsx", code)).toEqual([expect.stringContaining("browser")]);
    expect(await restrictedImports("app/lib/helper.ts", code)).toEqual([expect.stringContaining("browser")]);
    expect(await restrictedImports("app/board/Canvas.client.tsx", code)).toEqual([expect.stringContaining("browser")]);
  });

  it("let routes use .server modules, and app/ use react-dom/server", async () => {
    expect(
      await restrictedImports("app/routes/things.tsx", 'import { loadThing } from "~/things.server";\nexport const loader = loadThing;\n'),
    ).toEqual([]);
    expect(
      await restrictedImports(
        "app/entry.server.tsx",
        'import { renderToString } from "react-dom/server";\nexport const r = renderToString;\n',
      ),
    ).toEqual([]);
  });
});
