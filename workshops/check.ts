import { loadWorkshopLibrary } from "./library.js";

/** `npm run workshops:check`: lists broken template files with the field at fault. */
const library = loadWorkshopLibrary(process.argv[2]);
for (const problem of library.problems) {
  console.error(`✗ ${problem.file}`);
  for (const message of problem.messages) console.error(`    ${message}`);
}
console.log(`${library.templates.length} modèle(s) valide(s), ${library.problems.length} en erreur.`);
process.exit(library.problems.length > 0 ? 1 : 0);
