// Dev server and production build of the dashboard. In development the API runs
// separately on :8080; in production the server serves dist/ on the same origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
      '/docs': server,
      '/healthz': server,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Beside the command dashboard: the officer app for phones (served at /officer) and the
    // benchmark page of the officers layer (`npm run bench -- dashboard-map`).
    rollupOptions: { input: { main: 'index.html', officer: 'officer.html', bench: 'bench.html' } },
  },
});
