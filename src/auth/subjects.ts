/** The OpenAuth subjects this issuer mints: only `user`, whose subject id is the user's own id. */
import { createSubjects } from "@openauthjs/openauth/subject";
import { z } from "zod";

export const subjects = createSubjects({
  user: z.object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    created_date: z.string(),
  }),
});
