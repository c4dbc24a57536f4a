/**
 * The slice of the WebAssembly JS API this directory uses, typed here because the project's lib
 * (ES2022, no DOM) does not declare it. Looked up on globalThis so a runtime without WebAssembly
 * yields undefined instead of a ReferenceError.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => WasmInstance;
}

export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: Partial<WasmApi> }).WebAssembly;
  if (api === undefined || typeof api.validate !== 'function' || typeof api.Module !== 'function' || typeof api.Instance !== 'function') {
    return undefined;
  }
  return api as WasmApi;
}
