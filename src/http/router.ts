/** Creates API routers that validate with zod and answer bad input with one problem+json shape. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "../app-env";
import { type FieldError, problemResponse } from "../lib/problem";

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error);
        const where = result.target === "json" ? "body" : result.target;
        return problemResponse("validation_failed", `The request ${where} is invalid.`, { errors });
      }
    },
  });
}
