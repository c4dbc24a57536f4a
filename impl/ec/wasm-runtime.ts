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

export interface WasmMemoryDescriptor {
  /** Size in 64 KiB pages. */
  readonly initial: number;
  /** Growth limit in pages; equal to `initial`, the memory can never grow (grow throws RangeError). */
  readonly maximum?: number;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => WasmInstance;
}

export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: Partial<WasmApi> }).WebAssembly;
  if (api === undefined) return undefined;
  const members = [api.validate, api.Module, api.Instance, api.Memory];
  if (members.some((m) => typeof m !== 'function')) return undefined;
  return api as WasmApi;
}
