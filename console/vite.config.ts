import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [solid()],
  server: { proxy: { '/graphql': { target: gateway, ws: true } } },
  preview: { proxy: { '/graphql': { target: gateway, ws: true } } },
  build: { outDir: 'dist', sourcemap: false },
});
