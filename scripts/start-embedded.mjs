// `npm start`. Plain JavaScript on purpose: it runs before anything is compiled. It rebuilds the
// server or the web app when their sources are newer than the build (npm install builds both),
// then runs the compiled embedded entry in this same process.
import { ensureServerBuilt, ensureWebBuilt } from './ensure-built.mjs';

ensureServerBuilt();
// A WEB_DIST of its own (the browser tests build one) is the caller's to keep current.
if (!process.env.WEB_DIST) ensureWebBuilt();
await import('../dist/server/entry.embedded.js');
