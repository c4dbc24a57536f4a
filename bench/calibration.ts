import { Bench } from 'tinybench';

/**
 * A fixed calibration workload, measured in every suite process just before and just after its
 * suite. On a shared machine every figure of that process is slowed by about the same factor as the
 * calibration, so the comparison divides each figure by its process's calibration: what is compared
 * is "work per unit of calibration work", which a busy machine leaves nearly unchanged.
 *
 * The workload mixes what the suites do: integer arithmetic over typed arrays (EC), object and Map
 * churn (model, VOS), and sorting (placement). It is fixed forever: changing it invalidates every
 * stored calibration (bump CALIBRATION_ID so old baselines are refused, not misread).
 *
 * Does NOT correct for a different machine: a calibrated ratio between unlike CPUs still moves with
 * the microarchitecture.
 */
export const CALIBRATION_ID = 'mix-v1';

let sink = 0;

function workload(): void {
  const bytes = new Uint8Array(16 * 1024);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  const map = new Map<string, { n: number }>();
  for (let i = 0; i < 256; i++) map.set(`k${bytes[i]}-${i}`, { n: bytes[i + 1] });
  let total = 0;
  for (const v of map.values()) total += v.n;
  const numbers = Array.from(bytes.subarray(0, 512));
  numbers.sort((a, b) => a - b);
  sink = (sink + total + numbers[256]) | 0;
}

/** Calibration workloads per second in this process, now, from the fastest call (as `best` figures are). */
export async function measureCalibration(timeMs: number): Promise<number> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs) });
  bench.add('calibration', workload);
  await bench.run();
  const result = bench.getTask('calibration')?.result;
  if (!result || !('throughput' in result)) throw new Error('the calibration workload produced no result');
  if (sink === 0.5) throw new Error('unreachable: keeps the workload observable');
  return result.latency.min > 0 ? 1000 / result.latency.min : result.throughput.mean;
}
