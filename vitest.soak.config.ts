import { defineConfig } from 'vitest/config';

/** `npm run soak`: the reliability soak alone, on demand (test/reliability/reliability.soak.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.soak.ts'],
    testTimeout: 3 * 60 * 60 * 1000,
  },
});
