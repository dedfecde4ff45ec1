// Coalesces any number of change notifications into at most one flush per animation frame:
// thousands of officers moving in one socket batch cost one setData, not thousands.
export interface FrameScheduler {
  /** Asks for a flush before the next frame; further requests until then are free. */
  request(): void;
  cancel(): void;
}

export function createFrameScheduler(
  flush: () => void,
  requestFrame: (callback: () => void) => number = (callback) => requestAnimationFrame(callback),
  cancelFrame: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
): FrameScheduler {
  let handle: number | null = null;
  return {
    request() {
      if (handle !== null) return;
      handle = requestFrame(() => {
        handle = null;
        flush();
      });
    },
    cancel() {
      if (handle !== null) cancelFrame(handle);
      handle = null;
    },
  };
}
