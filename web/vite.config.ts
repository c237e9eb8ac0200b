import { defineConfig } from 'vite';

/**
 * The reference web client. `npm run web:build` writes web/dist, which `npm start` serves beside the API (and
 * builds itself when web/ changed) and the CDK stack deploys to S3. `npm run web:dev` runs Vite's dev server
 * with hot reload and sends the API calls and /config.json to the running `npm start` (PORTICO_API_URL, else
 * http://127.0.0.1:3000), so the browser still sees one origin. The root is this folder: `vite build web`.
 */
const api = process.env.PORTICO_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/v1': api, '/config.json': api },
  },
});
