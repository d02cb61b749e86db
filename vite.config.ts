import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Cross-origin isolation, needed for SharedArrayBuffer and so for ORT's wasm threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The ORT runtime files used by `onnxruntime-web/webgpu`; served from our own origin, never a CDN. */
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
const ortDist = fileURLToPath(new URL('./node_modules/onnxruntime-web/dist/', import.meta.url));

function serveOrtFiles(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const name = req.url?.split('?')[0].replace(/^.*\/ort\//, '');
    if (!req.url?.includes('/ort/') || !name || !ORT_FILES.includes(name)) return next();
    res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
    for (const [k, v] of Object.entries(isolationHeaders)) res.setHeader(k, v);
    createReadStream(ortDist + name).pipe(res);
  };
}

function ortAssets(): Plugin {
  return {
    name: 'boldstudio-ort-assets',
    configureServer(server) {
      server.middlewares.use(serveOrtFiles());
    },
    generateBundle() {
      for (const name of ORT_FILES) {
        this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(ortDist + name) });
      }
    },
  };
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  plugins: [react(), ortAssets()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  resolve: {
    // The build without embedded glue: ORT then loads its .mjs/.wasm pair from wasmPaths (/ort/), so its
    // wasm threads start from ORT's own script rather than from our bundled worker.
    alias: { 'onnxruntime-web/webgpu': `${ortDist}ort.webgpu.min.mjs` },
  },
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web', 'h5wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
