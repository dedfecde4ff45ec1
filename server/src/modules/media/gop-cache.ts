// The last group of pictures of a video track, as the serialized packets the viewers get,
// so that a new viewer starts at once without asking the publisher's uplink for a keyframe.

export class GopCache {
  private packets: Buffer[] = [];
  private bytes = 0;
  private keyframeTimestamp: number | null = null;

  /**
   * @param maxBytes a GOP larger than this is dropped
   * @param maxTicks a GOP longer than this (in RTP clock ticks) is dropped: replaying it would
   *   put a new viewer that far behind (publishers such as browsers send keyframes only on request)
   */
  constructor(
    private readonly maxBytes: number,
    private readonly maxTicks = Number.POSITIVE_INFINITY,
  ) {}

  /** Adds a packet; a keyframe's first packet starts a new GOP. Before any keyframe nothing is kept. */
  push(packet: Buffer, timestamp: number, keyframeStart: boolean): void {
    if (keyframeStart && timestamp !== this.keyframeTimestamp) {
      this.packets = [];
      this.bytes = 0;
      this.keyframeTimestamp = timestamp;
    }
    if (this.keyframeTimestamp === null) return;
    this.packets.push(packet);
    this.bytes += packet.length;
    // A GOP this long is not worth replaying; wait for the next keyframe instead.
    const ticks = (timestamp - this.keyframeTimestamp + 2 ** 32) % 2 ** 32;
    if (this.bytes > this.maxBytes || (ticks > this.maxTicks && ticks < 2 ** 31)) this.clear();
  }

  clear(): void {
    this.packets = [];
    this.bytes = 0;
    this.keyframeTimestamp = null;
  }

  get isEmpty(): boolean {
    return this.packets.length === 0;
  }

  get size(): { packets: number; bytes: number } {
    return { packets: this.packets.length, bytes: this.bytes };
  }

  /** The packets to replay, oldest first (a copy of the list, the buffers themselves are shared). */
  snapshot(): Buffer[] {
    return [...this.packets];
  }
}
