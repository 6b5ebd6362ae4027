// WebSocket close codes that the board server and the browsers must agree on (README: close codes).

/**
 * The facilitator removed this person: 4000 + HTTP 403. y-websocket treats 4400–4499 as final and
 * stops reconnecting by itself, so every client, even a stock provider, stays closed.
 */
export const CLOSE_REMOVED = 4403;
