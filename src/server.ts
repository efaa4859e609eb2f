// The server's entry point, small on purpose: the compile cache (Node ≥ 22.1) must be on before
// the application's modules are loaded, so they come through a dynamic import.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./start-server.js');
