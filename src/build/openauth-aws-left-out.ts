// What the production bundle gets for OpenAuth's DynamoDB storage and Hono's AWS Lambda adapter (wrangler.toml's
// [alias], decision 0040): OpenAuth's issuer imports both for things a Worker never uses, a storage chosen by an
// `OPENAUTH_STORAGE` environment variable and an `aws` export, about 4.7 KB gzip with `aws4fetch`. We always pass our
// own storage (src/auth/issuer.ts). Should OPENAUTH_STORAGE ever ask for DynamoDB, the issuer fails with this message
// at its creation instead of sending tokens to AWS. Tests run the real modules: the alias is wrangler's, not vitest's.

export const OPENAUTH_AWS_LEFT_OUT_MESSAGE =
  "OpenAuth's DynamoDB storage and Hono's AWS Lambda adapter are not in this build (decision 0040): the issuer " +
  "uses the storage src/auth/issuer.ts passes it; unset OPENAUTH_STORAGE.";

export function DynamoStorage(): never {
  throw new Error(OPENAUTH_AWS_LEFT_OUT_MESSAGE);
}

export function handle(): never {
  throw new Error(OPENAUTH_AWS_LEFT_OUT_MESSAGE);
}
