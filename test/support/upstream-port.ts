/** Where the tests' OpenID Connect upstream listens (test/support/upstream-setup.ts); plain, for Node and workerd. */
export const UPSTREAM_PORT = 47391;
export const UPSTREAM_ISSUER = `http://127.0.0.1:${UPSTREAM_PORT}`;
export const UPSTREAM_CLIENT_ID = "edge-identity-tests";
