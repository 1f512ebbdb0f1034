/**
 * The browser's entry. Its scripts evaluate in two tasks, React first and then the app, with the
 * browser free in between: as one task they held a phone's main thread for some 170 ms (Lighthouse,
 * 4× slower CPU), and a tap or a paint waited all that time. Both chunks are fetched at once
 * (the build preloads the second, web/vite.config.ts).
 */
import 'react-dom/client';
import './app/styles.css';

await new Promise((resolve) => setTimeout(resolve, 0));
await import('./start-client');
