/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    // Off: the whole route manifest (about 2 KB compressed, cached for good) comes with the first page,
    // instead of a request to /__manifest before each new kind of page, one more round trip on a slow
    // phone network (docs/decisions/011). React Router 7's equivalent: routeDiscovery: { mode: "initial" }.
    v3_lazyRouteDiscovery: false,
  },
};
