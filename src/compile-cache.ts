import module from 'node:module';

/**
 * Turns on Node's on-disk compile cache when this Node has it (`module.enableCompileCache`, Node
 * ≥ 22.1): later starts reuse the compiled code of every module instead of parsing and compiling
 * it again. It must run before the modules it should cover are loaded, so the entry points call
 * it first and load the rest with a dynamic import. On Node 20 it does nothing. The cache goes
 * to NODE_COMPILE_CACHE when set, else to the system temp folder; a folder that cannot be written
 * only means no cache.
 */
export function enableCompileCache(): void {
  const enable = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return;
  try {
    enable();
  } catch {
    // No cache this time; start anyway.
  }
}
