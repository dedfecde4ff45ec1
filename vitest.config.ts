// Three tiers: pure unit tests, server tests against a real PostGIS, browser tests in Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One PostGIS for the whole run, shared by the server and browser projects.
    globalSetup: ['server/test/helpers/global-database.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,server,dashboard,device-sim}/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The device simulator against a real server (built in-process, the CLI run as a child).
          name: 'sim',
          include: ['device-sim/test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
