import { createContext, useContext } from "react";

// The server renders with this request's CSP nonce; in the browser it stays "" (browsers hide a
// nonce once the page has loaded, and scripts added after hydration come from our own origin).
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
