import { describe, expect, it } from 'vitest';
import { emitModule, FunctionBuilder, I32, sleb, uleb } from './wasm-emitter.ts';
import { buildEcModule } from './wasm-ec-module.ts';
import { wasmApi, type WasmMemory } from './wasm-runtime.ts';

/**
 * The emitter against the WebAssembly spec: LEB128 against published examples, and every opcode it
 * defines executed in this runtime against the spec's semantics. Does NOT check encodings the
 * kernel never emits (other sections, other value types).
 */
describe('LEB128', () => {
  it('unsigned: spec and Wikipedia examples', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffff_ffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(RangeError);
  });
  it('signed: sign bit of the last group decides', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x8000_0000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });
});

// package.json requires Node >= 20.5, which ships WebAssembly SIMD without flags.
const api = wasmApi()!;

describe('emitted opcodes execute with spec semantics', () => {
  /** (src, dst) -> (): dst[0..16) = op(src[0..16), src[16..32)) through v128 locals. */
  function binaryOp(emit: (f: FunctionBuilder, a: number, b: number) => void): (a: number[], b: number[]) => number[] {
    const f = new FunctionBuilder([I32, I32], []);
    const a = f.local(0x7b);
    const b = f.local(0x7b);
    f.get(0).v128Load(0).set(a);
    f.get(0).v128Load(16).set(b);
    f.get(1);
    emit(f, a, b);
    f.v128Store(0);
    const instance = new api.Instance(new api.Module(emitModule([{ name: 'run', fn: f }], 1)), {});
    const memory = new Uint8Array((instance.exports.memory as WasmMemory).buffer);
    const run = instance.exports.run as (src: number, dst: number) => void;
    return (x, y) => {
      memory.set(x, 100);
      memory.set(y, 116);
      run(100, 200);
      return Array.from(memory.subarray(200, 216));
    };
  }
  const bytes = (seed: number) => Array.from({ length: 16 }, (_, i) => (seed * 37 + i * 101) & 0xff);

  it('v128.load/store with offsets round-trip', () => {
    const op = binaryOp((f, a) => f.get(a));
    expect(op(bytes(1), bytes(2))).toEqual(bytes(1));
  });
  it('v128.and and v128.xor are lane-wise', () => {
    expect(binaryOp((f, a, b) => f.get(a).get(b).v128And())(bytes(3), bytes(4))).toEqual(bytes(3).map((x, i) => x & bytes(4)[i]));
    expect(binaryOp((f, a, b) => f.get(a).get(b).v128Xor())(bytes(3), bytes(4))).toEqual(bytes(3).map((x, i) => x ^ bytes(4)[i]));
  });
  it('i8x16.swizzle selects a[s[i]] and yields 0 for indexes >= 16', () => {
    const table = bytes(5);
    const indexes = [0, 15, 3, 16, 255, 7, 7, 1, 31, 2, 14, 128, 9, 10, 11, 12];
    const expected = indexes.map((s) => (s < 16 ? table[s] : 0));
    expect(binaryOp((f, a, b) => f.get(a).get(b).i8x16Swizzle())(table, indexes)).toEqual(expected);
  });
  it('i16x8.shr_u shifts 16-bit lanes logically (little-endian lanes)', () => {
    const x = bytes(6);
    const expected: number[] = [];
    for (let i = 0; i < 16; i += 2) {
      const lane = (x[i] | (x[i + 1] << 8)) >>> 4;
      expected.push(lane & 0xff, lane >>> 8);
    }
    expect(binaryOp((f, a) => f.get(a).i32Const(4).i16x8ShrU())(x, bytes(0))).toEqual(expected);
  });
  it('i8x16.splat, v128.const and i32 arithmetic', () => {
    expect(binaryOp((f) => f.i32Const(7).i32Const(3).i32Add().i32Const(1).i32Sub().i32Const(-300).i32Add().i8x16Splat())(bytes(0), bytes(0))).toEqual(
      new Array(16).fill((7 + 3 - 1 - 300) & 0xff),
    );
    const c = bytes(9);
    expect(binaryOp((f) => f.v128Const(c))(bytes(0), bytes(0))).toEqual(c);
  });
  it('loop with br_if and local.tee counts down; i32.lt_u compares unsigned', () => {
    const f = new FunctionBuilder([I32], [I32]);
    const sum = f.local(I32);
    f.loop();
    f.get(sum).get(0).i32Add().set(sum);
    f.get(0).i32Const(1).i32Sub().tee(0).brIf(0);
    f.end();
    f.get(sum);
    const lt = new FunctionBuilder([I32, I32], [I32]);
    lt.get(0).get(1).i32LtU();
    const instance = new api.Instance(new api.Module(emitModule([{ name: 'tri', fn: f }, { name: 'ltu', fn: lt }], 1)), {});
    const tri = instance.exports.tri as (n: number) => number;
    const ltu = instance.exports.ltu as (a: number, b: number) => number;
    expect(tri(10)).toBe(55);
    expect(tri(1)).toBe(1);
    expect(ltu(1, -1)).toBe(1); // -1 is 0xffffffff unsigned
    expect(ltu(-1, 1)).toBe(0);
    expect(ltu(5, 5)).toBe(0);
  });
  it('i32.load reads a little-endian word at address + offset; an imported memory is the one JS gave', () => {
    const f = new FunctionBuilder([I32], [I32]);
    f.get(0).i32Load(4);
    const memory = new api.Memory({ initial: 1, maximum: 1 });
    const imports = { env: { memory } };
    const instance = new api.Instance(new api.Module(emitModule([{ name: 'load', fn: f }], { module: 'env', name: 'memory', pagesMin: 1 })), imports);
    expect(instance.exports.memory).toBe(memory);
    new Uint8Array(memory.buffer).set([0x78, 0x56, 0x34, 0x12], 104);
    expect((instance.exports.load as (address: number) => number)(100)).toBe(0x12345678);
  });
  it('a memory whose maximum is its initial size cannot grow, so views of it never detach', () => {
    const memory = new api.Memory({ initial: 2, maximum: 2 });
    const view = new Uint8Array(memory.buffer);
    expect(() => memory.grow(1)).toThrow(RangeError);
    expect(view.length).toBe(2 * 65536);
    expect(memory.buffer).toBe(view.buffer);
  });
  it('rejects unbalanced blocks', () => {
    const f = new FunctionBuilder([], []);
    f.loop();
    expect(() => f.encode()).toThrow(/unclosed/);
    expect(() => new FunctionBuilder([], []).end()).toThrow(/without an open block/);
  });
});

describe('the EC module', () => {
  it('is emitted deterministically and starts with the wasm header', () => {
    const a = buildEcModule();
    expect(buildEcModule()).toEqual(a);
    expect(Array.from(a.subarray(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });
  it('validates in this runtime (Node 20 ships WebAssembly SIMD)', () => {
    expect(api).toBeDefined();
    expect(api.validate(buildEcModule())).toBe(true);
  });
});
