// WebSocket close codes that the board server and the browsers must agree on (README: close codes).

/**
 * The facilitator removed this person: 4000 + HTTP 403. y-websocket treats 4400–4499 as final and
 * stops reconnecting by itself, so every client, even a stock provider, stays closed.
 */
export const CLOSE_REMOVED = 4403;

/**
 * The session's board was deleted (4000 + HTTP 410 Gone): final like a removal, so no client keeps
 * trying to reconnect to a board that is no longer there.
 */
export const CLOSE_BOARD_GONE = 4410;
