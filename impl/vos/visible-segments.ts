import { assert, compareStamp } from './stamp.ts';
import type { ExtentRecord, Segment } from './types.ts';

/**
 * Which record decides each byte of [from, to): among `candidates` (records already filtered to
 * those readable at the epoch and newer than the covering punch), the newest stamp covering a byte
 * wins (ARR-2; same-epoch ties go to the later call). A sweep over the sorted boundaries with a
 * max-heap of the records open at each point: O(k log k) for k candidates, independent of the byte
 * count. Neighbouring pieces decided by the same record are merged. Output ascending by offset.
 */
export function visibleSegments(records: readonly ExtentRecord[], from: number, to: number): Segment[] {
  // Records outside the range would add sweep points beyond it; collect() never passes any.
  const candidates = records.every((r) => r.offset < to && r.offset + r.length > from)
    ? records
    : records.filter((r) => r.offset < to && r.offset + r.length > from);
  const k = candidates.length;
  if (k === 0) return [];
  if (k === 1) {
    const r = candidates[0];
    const start = Math.max(r.offset, from);
    const end = Math.min(r.offset + r.length, to);
    return start < end ? [{ offset: start, length: end - start, record: r }] : [];
  }
  const byStart = candidates.slice().sort((x, y) => Math.max(x.offset, from) - Math.max(y.offset, from));
  const points = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    const r = candidates[i];
    points[2 * i] = Math.max(r.offset, from);
    points[2 * i + 1] = Math.min(r.offset + r.length, to);
  }
  points.sort();
  const heap: ExtentRecord[] = [];
  const segments: Array<{ offset: number; length: number; record: ExtentRecord }> = [];
  let next = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const x = points[p];
    const y = points[p + 1];
    if (x === y) continue;
    while (next < k && Math.max(byStart[next].offset, from) <= x) heapPush(heap, byStart[next++]);
    while (heap.length > 0 && heap[0].offset + heap[0].length <= x) heapPop(heap);
    if (heap.length === 0) continue;
    const top = heap[0];
    const last = segments.length > 0 ? segments[segments.length - 1] : undefined;
    if (last !== undefined && last.record === top && last.offset + last.length === x) last.length += y - x;
    else segments.push({ offset: x, length: y - x, record: top });
  }
  return segments;
}

/** Max-heap on stamp: the newest record is at index 0. */
function heapPush(heap: ExtentRecord[], r: ExtentRecord): void {
  heap.push(r);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >>> 1;
    if (compareStamp(heap[parent], heap[i]) >= 0) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function heapPop(heap: ExtentRecord[]): void {
  const last = heap.pop();
  assert(last !== undefined, 'heapPop on an empty heap');
  if (heap.length === 0) return;
  heap[0] = last;
  let i = 0;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let top = i;
    if (l < n && compareStamp(heap[l], heap[top]) > 0) top = l;
    if (r < n && compareStamp(heap[r], heap[top]) > 0) top = r;
    if (top === i) return;
    [heap[top], heap[i]] = [heap[i], heap[top]];
    i = top;
  }
}
