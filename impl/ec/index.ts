/** Public surface of the erasure code: the codec (copying and zero-copy), kernel selection, and the field for tests/tools. */
export { createCodec, type Codec, type CodecOptions } from './codec.ts';
export { WORKSPACE_ALIGN_BYTES, type EcStripe, type EcWorkspace, type WorkspaceOptions } from './workspace.ts';
export { availableKernels, bestKernel, defaultKernel, isKernelName, wasmSimdSwizzle } from './kernel-select.ts';
export { KERNEL_NAMES, type KernelName } from './kernel.ts';
export { cauchyEncodeMatrix } from './cauchy-matrix.ts';
export { gfInv, gfMul } from './gf256.ts';
export type { GfMatrix } from './gf-matrix.ts';
