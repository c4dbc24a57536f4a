import { GF_EXP, GF_LOG } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { checkRunArgs, plainKernelMemory, type EcKernel, type KernelProgram } from './kernel.ts';

/**
 * The reference kernel: one byte at a time through the log/exp tables, exactly the formula.
 * Slow on purpose; the other kernels are tested byte for byte against it.
 */
export const scalarKernel: EcKernel = {
  name: 'scalar',
  compile(matrix: GfMatrix): KernelProgram {
    const { rows, cols } = matrix;
    const coefficients = matrix.entries.slice();
    return {
      rows,
      cols,
      run(inputs, outputs) {
        const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
        for (let r = 0; r < rows; r++) {
          const out = outputs[r];
          for (let b = 0; b < lengthBytes; b++) {
            let sum = 0;
            for (let j = 0; j < cols; j++) sum ^= mulByte(coefficients[r * cols + j], inputs[j][b]);
            out[b] = sum;
          }
        }
      },
    };
  },
  createMemory(shape) {
    return plainKernelMemory((matrix) => scalarKernel.compile(matrix), shape);
  },
};

function mulByte(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return GF_EXP[GF_LOG[a] + GF_LOG[b]];
}
