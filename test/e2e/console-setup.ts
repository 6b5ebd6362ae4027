import { afterAll, afterEach } from "vitest";
import { takeConsoleProblems } from "./console-watch.js";

// Registered before any test file's own hooks, so it runs after them (hooks unwind as a stack):
// what a test's cleanup provokes is charged to that test.
function failOnConsoleProblems() {
  const problems = takeConsoleProblems();
  if (problems.length > 0) {
    throw new Error(`The browser reported ${problems.length} problem(s) on the pages of this test:\n${problems.join("\n")}`);
  }
}

afterEach(failOnConsoleProblems);
afterAll(failOnConsoleProblems);
