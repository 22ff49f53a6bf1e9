import { fileURLToPath } from 'node:url';
import { type Connect, defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const proxy = {
  '/graphql': { target: gateway, ws: true },
  // the connect page's API; /connect and /connect/<token> themselves are the dev page
  '^/connect/(session|graphql)': { target: gateway, ws: true },
};
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** In dev and preview, `/connect` and `/connect/<token>` get the connect page, as the gateway does. */
function connectPageRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const path = req.url?.split('?')[0] ?? '';
    if (/^\/connect(\/[^/.]+)?\/?$/.test(path) && !/^\/connect\/(session|graphql)$/.test(path)) {
      req.url = '/connect.html';
    }
    next();
  };
  return {
    name: 'connect-page-routes',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

/** Two pages: the admin console (index.html) and the end user's connect page (connect.html). */
export default defineConfig({
  plugins: [solid(), connectPageRoutes()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    sourcemap: false,
    rolldownOptions: { input: { index: page('index.html'), connect: page('connect.html') } },
  },
});
