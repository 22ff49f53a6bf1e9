import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * The `<wawp-connect>` widget: one self-contained ES module (Solid and the stylesheet bundled in)
 * at dist/connect/widget.js, built after the pages into the same dist/.
 */
export default defineConfig({
  plugins: [solid()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('src/connect/widget.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'connect/widget.js',
    },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
