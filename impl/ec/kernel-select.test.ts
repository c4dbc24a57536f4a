import { afterEach, describe, expect, it } from 'vitest';
import { createCodec } from './codec.ts';
import { availableKernels, bestKernel, defaultKernel, preferredKernel, wasmSimdSwizzle } from './kernel-select.ts';

/** Kernel selection: what the runtime offers, the DAOS_EC_KERNEL override, and the option. */
describe('kernel selection', () => {
  const saved = process.env.DAOS_EC_KERNEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.DAOS_EC_KERNEL;
    else process.env.DAOS_EC_KERNEL = saved;
  });

  it('offers all three kernels on Node 20 and prefers wasm-simd', () => {
    expect(availableKernels()).toEqual(['scalar', 'js-word', 'wasm-simd']);
    expect(bestKernel()).toBe('wasm-simd');
    // Node 20 validates relaxed SIMD only behind a flag, so the plain swizzle module is the one used.
    expect(['plain', 'relaxed']).toContain(wasmSimdSwizzle());
  });

  it('falls back to js-word where WebAssembly SIMD does not validate', () => {
    expect(preferredKernel(['scalar', 'js-word'])).toBe('js-word');
    expect(preferredKernel(['scalar', 'js-word', 'wasm-simd'])).toBe('wasm-simd');
    expect(preferredKernel(['scalar'])).toBe('scalar');
  });

  it('DAOS_EC_KERNEL overrides the default', () => {
    process.env.DAOS_EC_KERNEL = 'js-word';
    expect(defaultKernel()).toBe('js-word');
    expect(createCodec({ dataShards: 4, parityShards: 2 }).kernel).toBe('js-word');
    delete process.env.DAOS_EC_KERNEL;
    expect(defaultKernel()).toBe(bestKernel());
  });

  it('an explicit kernel option wins over DAOS_EC_KERNEL', () => {
    process.env.DAOS_EC_KERNEL = 'js-word';
    expect(createCodec({ dataShards: 4, parityShards: 2, kernel: 'scalar' }).kernel).toBe('scalar');
  });

  it('rejects an unknown DAOS_EC_KERNEL clearly', () => {
    process.env.DAOS_EC_KERNEL = 'avx512';
    expect(() => defaultKernel()).toThrow(/DAOS_EC_KERNEL='avx512' is not one of scalar, js-word, wasm-simd/);
  });
});
