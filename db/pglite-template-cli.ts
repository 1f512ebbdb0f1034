import { ensurePgliteTemplate } from './pglite-cluster';

/** Run at install: makes the PGlite cluster every new embedded data directory is copied from. */
const began = performance.now();
const dir = ensurePgliteTemplate();
console.log(`embedded database template ready in ${dir} (${((performance.now() - began) / 1000).toFixed(1)} s)`);
