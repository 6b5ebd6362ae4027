/**
 * What a route's loader or action answered, as the browser would see it: a status, the data, and
 * where a redirect goes. Thrown responses (404, redirects) count as answers too.
 */
export async function answerOf(run: () => Promise<unknown>): Promise<{ status: number; body: unknown; location?: string | null }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("Location") };
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const { data, init } = result as { data: unknown; init: { status?: number } | null };
      return { status: init?.status ?? 200, body: data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, location: thrown.headers.get("Location") };
    throw thrown;
  }
}
