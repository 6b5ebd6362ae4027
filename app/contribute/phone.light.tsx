// The phone screen's script (docs/decisions/024): Preact takes over the page React rendered on the
// server, with the same components and the data the page carries. The socket is already opening
// (the page's inline script, early-socket.ts); the screen adopts it.
import { hydrate, render } from "preact";
import { LIGHT_ROOT_ID, readIsland } from "~/lib/light/island";
import { onRevalidate } from "~/lib/light/remix-light";
import { PhonePage, type PhoneScreenData } from "./phone-page";

const island = readIsland<PhoneScreenData>();
const root = document.getElementById(LIGHT_ROOT_ID);
if (island && root) {
  hydrate(<PhonePage data={island.data} />, root);
  // After an answer posted in place (a proposal), the screen shows what the server says now.
  onRevalidate((data) => render(<PhonePage data={data as PhoneScreenData} />, root));
}
