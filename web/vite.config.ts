import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// The api (dotnet run --project api) listens on :5000; the dev server forwards to it so pages
// use same-origin relative URLs both in development and when served from api/wwwroot.
const apiOrigin = process.env.VOLUNTEERS_API ?? 'http://localhost:5000';

export default defineConfig({
  plugins: [preact()],
  build: {
    // api/web.targets treats api/wwwroot/index.html as the build stamp; keep these in step.
    outDir: fileURLToPath(new URL('../api/wwwroot', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        explorer: fileURLToPath(new URL('explorer.html', import.meta.url)),
        dashboard: fileURLToPath(new URL('dashboard.html', import.meta.url)),
        ward: fileURLToPath(new URL('ward.html', import.meta.url)),
        import: fileURLToPath(new URL('import.html', import.meta.url)),
        volunteer: fileURLToPath(new URL('volunteer.html', import.meta.url)),
        campaigns: fileURLToPath(new URL('campaigns.html', import.meta.url)),
        team: fileURLToPath(new URL('team.html', import.meta.url)),
      },
      // Otherwise the chunk shared by all pages is named after whichever module came first (styles).
      output: { chunkFileNames: 'assets/shared-[hash].js' },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: apiOrigin, changeOrigin: true, ws: true },
      '/hubs': { target: apiOrigin, changeOrigin: true, ws: true },
      // A pattern, not a prefix: '/import' alone would also send the page import.html to the api.
      '^/import/': { target: apiOrigin, changeOrigin: true },
      '/reports': { target: apiOrigin, changeOrigin: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
