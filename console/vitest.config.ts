import solid from 'vite-plugin-solid';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [solid()],
  resolve: { conditions: ['development', 'browser'] },
  test: {
    name: 'console',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
  },
});
