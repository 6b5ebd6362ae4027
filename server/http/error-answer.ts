// The last Express handler: an error raised before Remix (a path express.static cannot decode, such
// as /join/%FF) gets a short French answer instead of Express's English page. No stack, ever.
import type { ErrorRequestHandler } from "express";
import { t } from "../../app/i18n/index.js";
import { errorFields, log } from "../log.js";

export const answerErrorsInFrench: ErrorRequestHandler = (error: { status?: number; statusCode?: number }, _request, response, next) => {
  if (response.headersSent) return next(error);
  const status = error.status ?? error.statusCode ?? 500;
  const clientError = status >= 400 && status < 500;
  if (!clientError) log.error({ err: errorFields(error) }, "request failed before the pages");
  response
    .status(clientError ? status : 500)
    .type("text/plain; charset=utf-8")
    .send(clientError ? t("http.badRequest") : t("error.generic"));
};
