// The sandbox's versions, named here so that parsing argv does not load the sandbox (src/sandbox/versions.ts
// holds the same list; test/sandbox/versions.test.ts checks they agree).
export const SERVER_VERSION_CHOICES = ['1.28', '1.33'] as const;
export const DEFAULT_SANDBOX_SERVER_VERSION = '1.33';
