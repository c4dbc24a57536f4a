/**
 * The cluster-wide logical clock (an HLC stand-in). Each committed write and each snapshot takes the
 * next epoch, as DAOS epochs come from its HLC, so epochs and snapshot tokens of different containers
 * never coincide (SNAP-4, SNAP-6). Logical: nothing here reads wall-clock time.
 */
export class Clock {
  private latest = 0;

  /** The next epoch, recorded as the newest one `container` used. */
  nextEpoch(container: { latestEpoch: number }): number {
    this.latest += 1;
    container.latestEpoch = this.latest;
    return this.latest;
  }
}
