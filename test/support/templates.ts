import type { WorkshopTemplate } from "../../workshops/schema.js";

/** A template with one phase ("idees") and one free zone ("boite"): the smallest board there is. */
export function oneZoneTemplate(id: string, title: string): WorkshopTemplate {
  return {
    id,
    kind: "information_session",
    title,
    audience: "Tout public",
    goal: "Partager des cartes",
    durationMinutes: 20,
    materials: [],
    accessibility: [],
    phases: [
      {
        id: "idees",
        title: "Vos idées",
        minutes: 20,
        guidance: "Recueillez les idées.",
        prompt: "Une idée par carte.",
        zones: [{ id: "boite", label: "Boîte à idées", color: "yellow", kind: "free" }],
      },
    ],
  };
}
