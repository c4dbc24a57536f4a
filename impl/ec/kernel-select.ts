import { KERNEL_NAMES, type EcKernel, type KernelName } from './kernel.ts';
import { scalarKernel } from './kernel-scalar.ts';
import { jsWordKernel } from './kernel-js-word.ts';
import { wasmSimdKernel } from './kernel-wasm-simd.ts';

/**
 * Kernel registry and selection. The default is 'wasm-simd' when the runtime validates a WebAssembly
 * SIMD module, else 'js-word'. DAOS_EC_KERNEL overrides the default so tests and benchmarks can
 * force a kernel without code changes; an explicit `kernel` option wins over both.
 */
const kernels = new Map<KernelName, EcKernel>();
for (const kernel of [scalarKernel, jsWordKernel, wasmSimdKernel]) if (kernel !== undefined) kernels.set(kernel.name, kernel);

export function availableKernels(): KernelName[] {
  return KERNEL_NAMES.filter((name) => kernels.has(name));
}

/** The kernel the runtime supports best, ignoring DAOS_EC_KERNEL. */
export function bestKernel(): KernelName {
  return preferredKernel(availableKernels());
}

/** 'wasm-simd' when present (the runtime validated its SIMD module), else 'js-word', else 'scalar'. */
export function preferredKernel(available: readonly KernelName[]): KernelName {
  if (available.includes('wasm-simd')) return 'wasm-simd';
  if (available.includes('js-word')) return 'js-word';
  return 'scalar';
}

/** DAOS_EC_KERNEL when set, else bestKernel(). */
export function defaultKernel(): KernelName {
  return kernelFromEnv() ?? bestKernel();
}

export function getKernel(name: KernelName): EcKernel {
  const kernel = kernels.get(name);
  if (kernel === undefined) throw new RangeError(`EC kernel '${name}' is not available here (available: ${availableKernels().join(', ')})`);
  return kernel;
}

export function resolveKernel(name: KernelName | undefined): EcKernel {
  return getKernel(name ?? defaultKernel());
}

export function isKernelName(value: string): value is KernelName {
  return (KERNEL_NAMES as readonly string[]).includes(value);
}

function kernelFromEnv(): KernelName | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DAOS_EC_KERNEL;
  if (value === undefined || value === '') return undefined;
  if (!isKernelName(value)) throw new RangeError(`DAOS_EC_KERNEL='${value}' is not one of ${KERNEL_NAMES.join(', ')}`);
  return value;
}

/** Which module variant the 'wasm-simd' kernel runs ('relaxed' swizzle or 'plain'); undefined without it. */
export function wasmSimdSwizzle(): 'relaxed' | 'plain' | undefined {
  return wasmSimdKernel?.swizzle;
}
