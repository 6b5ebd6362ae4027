/** A form posted as a browser posts it (URL-encoded), with the Cookie header a signed-in browser sends. */
export function formPost(url: string, fields: Record<string, string>, cookie = ""): Request {
  return new Request(url, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}
