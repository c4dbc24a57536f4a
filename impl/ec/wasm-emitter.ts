/**
 * A minimal WebAssembly binary emitter: just the sections, types and opcodes the SIMD kernel needs.
 * Emitting the module from TypeScript at load time keeps it reproducible from source with no
 * external toolchain and no generated artifact to keep in sync. It does NOT validate what it emits;
 * WebAssembly.validate does that, and the tests execute every opcode defined here.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof V128;

const EMPTY_BLOCK = 0x40;

export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`uleb: ${value} is not a u32`);
  const out: number[] = [];
  let v = value;
  for (let i = 0; i < 5; i++) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v === 0) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
  throw new Error('uleb: unreachable');
}

export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) throw new RangeError(`sleb: ${value} is not an i32`);
  const out: number[] = [];
  let v = value;
  for (let i = 0; i < 5; i++) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    if (done) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
  throw new Error('sleb: unreachable');
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

/** Builds one function body. Locals are numbered after the parameters, in declaration order. */
export class FunctionBuilder {
  private readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];
  private depth = 0;

  constructor(readonly params: readonly ValType[], readonly results: readonly ValType[]) {}

  /** Declares a local and returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(opcode: number, ...immediates: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...immediates);
  }

  get(index: number): this { return this.op(0x20, ...uleb(index)); }
  set(index: number): this { return this.op(0x21, ...uleb(index)); }
  tee(index: number): this { return this.op(0x22, ...uleb(index)); }
  i32Const(value: number): this { return this.op(0x41, ...sleb(value)); }
  i32Add(): this { return this.op(0x6a); }
  i32Sub(): this { return this.op(0x6b); }
  i32LtU(): this { return this.op(0x49); }
  /** i32.load with natural (4-byte) alignment hint and a constant offset added to the address. */
  i32Load(offsetBytes = 0): this { return this.op(0x28, ...uleb(2), ...uleb(offsetBytes)); }

  /** `loop` with an empty block type; br/br_if 0 inside jumps back to its start. */
  loop(): this {
    this.depth++;
    return this.op(0x03, EMPTY_BLOCK);
  }
  end(): this {
    if (this.depth === 0) throw new Error('end without an open block');
    this.depth--;
    return this.op(0x0b);
  }
  brIf(relativeDepth: number): this { return this.op(0x0d, ...uleb(relativeDepth)); }

  /** memarg: alignment as log2 bytes, then a constant offset added to the address operand. */
  v128Load(offsetBytes = 0, alignLog2 = 0): this { return this.simd(0x00, ...uleb(alignLog2), ...uleb(offsetBytes)); }
  v128Store(offsetBytes = 0, alignLog2 = 0): this { return this.simd(0x0b, ...uleb(alignLog2), ...uleb(offsetBytes)); }
  v128Const(bytes: readonly number[]): this {
    if (bytes.length !== 16 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new RangeError('v128.const takes 16 bytes');
    return this.simd(0x0c, ...bytes);
  }
  i8x16Swizzle(): this { return this.simd(0x0e); }
  i8x16Splat(): this { return this.simd(0x0f); }
  /** Relaxed SIMD: like swizzle for indexes < 16; for others the result is implementation-defined. */
  i8x16RelaxedSwizzle(): this { return this.simd(0x100); }
  v128And(): this { return this.simd(0x4e); }
  v128Xor(): this { return this.simd(0x51); }
  i16x8ShrU(): this { return this.simd(0x8d); }

  /** The function's code entry: its locals (run-length grouped) and body. */
  encode(): number[] {
    if (this.depth !== 0) throw new Error(`function has ${this.depth} unclosed blocks`);
    const groups: number[][] = [];
    for (let i = 0; i < this.localTypes.length; ) {
      let run = 1;
      while (i + run < this.localTypes.length && this.localTypes[i + run] === this.localTypes[i]) run++;
      groups.push([...uleb(run), this.localTypes[i]]);
      i += run;
    }
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

export interface ExportedFunction {
  readonly name: string;
  readonly fn: FunctionBuilder;
}

/**
 * Where a module's one memory comes from: a page count defines it inside the module; an
 * ImportedMemory makes the instantiator supply it (imports[module][name]), which lets JS choose its
 * limits per instance, e.g. a fixed size that can never grow.
 */
export interface ImportedMemory {
  readonly module: string;
  readonly name: string;
  readonly pagesMin: number;
}

/** A module with one memory (defined or imported, exported as "memory") and the given exported functions. */
export function emitModule(functions: readonly ExportedFunction[], memory: number | ImportedMemory): Uint8Array {
  const types = functions.map(({ fn }) => [0x60, ...vec(fn.params.map((t) => [t])), ...vec(fn.results.map((t) => [t]))]);
  const typeSection = section(1, vec(types));
  // Import descriptor 0x02 = memory, limits flag 0x00 = minimum only.
  const importSection = typeof memory === 'number' ? [] : section(2, vec([[...name(memory.module), ...name(memory.name), 0x02, 0x00, ...uleb(memory.pagesMin)]]));
  const functionSection = section(3, vec(functions.map((_, i) => uleb(i))));
  const memorySection = typeof memory === 'number' ? section(5, vec([[0x00, ...uleb(memory)]])) : [];
  const exports = [[...name('memory'), 0x02, ...uleb(0)], ...functions.map(({ name: n }, i) => [...name(n), 0x00, ...uleb(i)])];
  const exportSection = section(7, vec(exports));
  const codeSection = section(10, vec(functions.map(({ fn }) => fn.encode())));
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([...header, ...typeSection, ...importSection, ...functionSection, ...memorySection, ...exportSection, ...codeSection]);
}
