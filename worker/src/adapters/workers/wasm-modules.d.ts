// Wrangler (and vitest-pool-workers) bundle `.wasm` imports as compiled modules: workerd forbids
// compiling WebAssembly from bytes at runtime, so the module must arrive precompiled.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
