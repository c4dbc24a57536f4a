import { describe, expect, it } from 'vitest';
import { bytes, extents, fetchOp, getRanges, getSingle, listAkeys, listDkeys, oidOf, single, update, world } from './ops/data-fixtures.ts';

/** Sections 12-14 (KV, ARR, PUNCH), written from the spec text. */

const zeros = (n: number) => new Uint8Array(n);

describe('KV-1 keys and request lists', () => {
  it('KV-1: keys are non-empty byte strings of at most 4096 bytes', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code(update(w, oid, '', [single('a', 'v')]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [single('', 'v')]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'k'.repeat(4096), [single('a', 'v')]))).toBe('ok');
    expect(w.d.code(update(w, oid, 'k'.repeat(4097), [single('a', 'v')]))).toBe('INVAL');
    // Measured in UTF-8 bytes: 2048 two-byte characters fit, 2049 do not.
    expect(w.d.code(update(w, oid, 'é'.repeat(2048), [single('a', 'v')]))).toBe('ok');
    expect(w.d.code(update(w, oid, 'é'.repeat(2049), [single('a', 'v')]))).toBe('INVAL');
  });

  it('KV-1: a request list must be non-empty and may not name an akey twice', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code(update(w, oid, 'd', []))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x'), single('a', 'y')]))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', []))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'a', ranges: [{ offset: 0, length: 1 }] }]))).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: [] })).toBe('INVAL');
  });
});

describe('KV-2 single values', () => {
  it('KV-2: a single value is 1..1048576 bytes; zero length is INVAL', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code(update(w, oid, 'd', [{ akey: 'a', single: { text: '' } }]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [{ akey: 'a', single: { seed: 1, length: 1_048_576 } }]))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [{ akey: 'b', single: { seed: 1, length: 1_048_577 } }]))).toBe('INVAL');
  });

  it('KV-2: a single value is replaced as a whole', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'long value')]));
    w.d.ok(update(w, oid, 'd', [single('a', 'x')]));
    expect(getSingle(w, oid, 'd', 'a')).toBe('x');
  });
});

describe('KV-3 akey kinds', () => {
  it('KV-3: the first update fixes the kind; an update of the other kind is NO_PERM and applies nothing', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('s', 'v')]));
    const epoch = w.d.state.pools[0].containers[0].epoch;
    // The first iod is fine, the second changes kind: the whole update is refused.
    expect(w.d.code(update(w, oid, 'd', [single('n', 'new'), extents('s', [0, 'x'])]))).toBe('NO_PERM');
    expect(w.d.state.pools[0].containers[0].epoch).toBe(epoch);
    expect(getSingle(w, oid, 'd', 'n')).toBeNull();
    w.d.ok(update(w, oid, 'd', [extents('arr', [0, 'x'])]));
    expect(w.d.code(update(w, oid, 'd', [single('arr', 'v')]))).toBe('NO_PERM');
    // PUNCH-3: an extent punch counts as an array write for kind.
    expect(w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 's', ranges: [{ offset: 0, length: 1 }] })).toBe('NO_PERM');
  });

  it('KV-3: the kind survives punches of the akey, the dkey and the object', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('s', 'v')]));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['s'] });
    expect(w.d.code(update(w, oid, 'd', [extents('s', [0, 'x'])]))).toBe('NO_PERM');
    w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd' });
    expect(w.d.code(update(w, oid, 'd', [extents('s', [0, 'x'])]))).toBe('NO_PERM');
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid });
    expect(w.d.code(update(w, oid, 'd', [extents('s', [0, 'x'])]))).toBe('NO_PERM');
    expect(w.d.code(update(w, oid, 'd', [single('s', 'again')]))).toBe('ok');
  });

  it('KV-3: fetching as the other kind reads as holding nothing of that kind (none, or zeros)', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('s', 'abc'), extents('arr', [0, 'xyz'])]));
    expect(getRanges(w, oid, 'd', 's', [[0, 3]])).toEqual([zeros(3)]);
    expect(getSingle(w, oid, 'd', 'arr')).toBeNull();
  });
});

describe('KV-4 atomic update', () => {
  it('KV-4: all iods of one update apply as one write (one epoch)', () => {
    const w = world();
    const oid = oidOf(w);
    const before = w.d.state.pools[0].containers[0].writes.length;
    w.d.ok(update(w, oid, 'd', [single('a', '1'), single('b', '2'), extents('c', [0, 'x'], [5, 'y'])]));
    const writes = w.d.state.pools[0].containers[0].writes;
    expect(writes.length).toBe(before + 1);
    expect(listAkeys(w, oid, 'd')).toEqual(['a', 'b', 'c']);
  });
});

describe('KV-5 fetch results', () => {
  it('KV-5: one entry per request in request order; none for absent or punched', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('b', 'B'), single('p', 'P'), extents('x', [0, 'X'])]));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['p'] });
    const out = w.d.ok(fetchOp(w, oid, 'd', [{ akey: 'p', single: true }, { akey: 'x', ranges: [{ offset: 0, length: 2 }] }, { akey: 'b', single: true }, { akey: 'zz', single: true }]));
    expect(out).toEqual([
      { type: 'single', value: null },
      { type: 'array', ranges: [Uint8Array.from([88, 0])] },
      { type: 'single', value: bytes('B') },
      { type: 'single', value: null },
    ]);
  });
});

describe('KV-6 visibility and KV-7 listings', () => {
  it('KV-6: a dkey is visible while it has a visible akey; punching the last akey hides it (PUNCH-5)', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd1', [single('a', '1'), single('b', '2')]));
    w.d.ok(update(w, oid, 'd2', [single('a', '1')]));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd1', akeys: ['a'] });
    expect(listDkeys(w, oid)).toEqual(['d1', 'd2']);
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd1', akeys: ['b'] });
    expect(listDkeys(w, oid)).toEqual(['d2']);
    expect(listAkeys(w, oid, 'd1')).toEqual([]);
  });

  it('KV-6: an extent punch is a write for visibility: it makes an akey visible', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'a', ranges: [{ offset: 0, length: 4 }] });
    expect(listDkeys(w, oid)).toEqual(['d']);
    expect(listAkeys(w, oid, 'd')).toEqual(['a']);
    expect(getRanges(w, oid, 'd', 'a', [[0, 4]])).toEqual([zeros(4)]);
  });

  it('KV-7: listings of an empty object or an absent dkey are empty sets', () => {
    const w = world();
    const oid = oidOf(w);
    expect(listDkeys(w, oid)).toEqual([]);
    expect(listAkeys(w, oid, 'nothing')).toEqual([]);
    w.d.ok(update(w, oid, 'd', [single('a', '1')]));
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid });
    expect(listDkeys(w, oid)).toEqual([]);
  });

  it('KV-7: listings are per object: another object sharing a dkey name is not mixed in', () => {
    const w = world();
    const o1 = oidOf(w, 1);
    const o2 = oidOf(w, 2);
    w.d.ok(update(w, o1, 'd', [single('a', '1')]));
    w.d.ok(update(w, o2, 'e', [single('b', '1')]));
    expect(listDkeys(w, o1)).toEqual(['d']);
    expect(listAkeys(w, o2, 'd')).toEqual([]);
  });
});

describe('ARR arrays', () => {
  it('ARR-1: offset >= 0, length >= 1, offset + length <= 2^63; overlapping extents in one iod are INVAL', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code(update(w, oid, 'd', [extents('a', [-1, 'x'])]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [extents('a', [0, ''])]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [extents('a', [0.5, 'x'])]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [extents('a', [2 ** 63, 'x'])]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [extents('a', [0, 'abc'], [2, 'x'])]))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [extents('a', [0, 'abc'], [3, 'x'])]))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [extents('b', [2 ** 62, 'x'])]))).toBe('ok');
  });

  it('ARR-2: each byte reads as the newest write or punch covering it', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [extents('a', [0, 'aaaaaaaa'])]));
    w.d.ok(update(w, oid, 'd', [extents('a', [2, 'bbb'])]));
    w.d.ok({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'a', ranges: [{ offset: 4, length: 2 }] });
    w.d.ok(update(w, oid, 'd', [extents('a', [5, 'c'])]));
    expect(getRanges(w, oid, 'd', 'a', [[0, 9]])).toEqual([Uint8Array.from([97, 97, 98, 98, 0, 99, 97, 97, 0])]);
  });

  it('ARR-3: exactly length bytes per range, holes read as zero, ranges may overlap; bad bounds are INVAL', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [extents('a', [3, 'xy'])]));
    expect(getRanges(w, oid, 'd', 'a', [[0, 6], [4, 1], [100, 3]])).toEqual([Uint8Array.from([0, 0, 0, 120, 121, 0]), bytes('y'), zeros(3)]);
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', ranges: [{ offset: 0, length: 0 }] }]))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', ranges: [{ offset: -2, length: 1 }] }]))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', ranges: [{ offset: 2 ** 63, length: 1 }] }]))).toBe('INVAL');
  });

  it('ARR-4: fetching an array range of an akey with no array data returns zeros', () => {
    const w = world();
    const oid = oidOf(w);
    expect(getRanges(w, oid, 'nodkey', 'noakey', [[7, 2]])).toEqual([zeros(2)]);
  });
});

describe('PUNCH', () => {
  it('PUNCH-1: obj.punch hides every dkey, akey and value written before it', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd1', [single('a', '1'), extents('x', [0, 'abc'])]));
    w.d.ok(update(w, oid, 'd2', [single('b', '2')]));
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid });
    expect(listDkeys(w, oid)).toEqual([]);
    expect(getSingle(w, oid, 'd1', 'a')).toBeNull();
    expect(getRanges(w, oid, 'd1', 'x', [[0, 3]])).toEqual([zeros(3)]);
  });

  it('PUNCH-1: obj.punch ignores conditional flags, even invalid combinations', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid, cond: 0xffff })).toBe('ok');
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid, cond: 2 | 4 | 8 })).toBe('ok');
  });

  it('PUNCH-2: punchDkey hides the dkey and everything under it; punchAkeys each listed akey', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd1', [single('a', '1'), single('b', '2'), single('c', '3')]));
    w.d.ok(update(w, oid, 'd2', [single('a', '1')]));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd1', akeys: ['a', 'c'] });
    expect(listAkeys(w, oid, 'd1')).toEqual(['b']);
    w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd1' });
    expect(listDkeys(w, oid)).toEqual(['d2']);
    expect(getSingle(w, oid, 'd1', 'b')).toBeNull();
    expect(getSingle(w, oid, 'd2', 'a')).toBe('1');
  });

  it('PUNCH-2: punchAkeys needs a non-empty list without duplicates', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a', 'a'] })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: [] })).toBe('INVAL');
  });

  it('PUNCH-3: punchExtents makes holes; ranges follow ARR-1 and must not overlap', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [extents('a', [0, 'abcdef'])]));
    const punch = (ranges: Array<{ offset: number; length: number }>) => w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'a', ranges });
    expect(punch([{ offset: 0, length: 2 }, { offset: 1, length: 2 }])).toBe('INVAL');
    expect(punch([{ offset: 0, length: 0 }])).toBe('INVAL');
    expect(punch([{ offset: 1, length: 1 }, { offset: 4, length: 1 }])).toBe('ok');
    expect(getRanges(w, oid, 'd', 'a', [[0, 6]])).toEqual([Uint8Array.from([97, 0, 99, 100, 0, 102])]);
  });

  it('PUNCH-4: a write after a punch makes the key visible again with only post-punch data', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'old'), single('b', 'old'), extents('x', [0, 'oldold'])]));
    w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd' });
    w.d.ok(update(w, oid, 'd', [single('a', 'new'), extents('x', [2, 'N'])]));
    expect(listAkeys(w, oid, 'd')).toEqual(['a', 'x']);
    expect(getSingle(w, oid, 'd', 'b')).toBeNull();
    expect(getRanges(w, oid, 'd', 'x', [[0, 6]])).toEqual([Uint8Array.from([0, 0, 78, 0, 0, 0])]);
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid });
    w.d.ok(update(w, oid, 'e', [single('z', '1')]));
    expect(listDkeys(w, oid)).toEqual(['e']);
  });

  it('PUNCH-5: punching something absent without conditions succeeds and changes nothing visible', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', '1')]));
    const writes = w.d.state.pools[0].containers[0].writes.length;
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['missing'] })).toBe('ok');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'missing' })).toBe('ok');
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid: oidOf(w, 99) })).toBe('ok');
    // Each still counts as a committed write (TX-7 conflicts see it).
    expect(w.d.state.pools[0].containers[0].writes.length).toBe(writes + 3);
    expect(listDkeys(w, oid)).toEqual(['d']);
    expect(getSingle(w, oid, 'd', 'a')).toBe('1');
  });
});
