// Which of an officer's devices the wall shows: the one already streaming, else the one that
// reports their position (in their hand or on their chest now), else a body camera, a phone.
import type { Device, LivePosition, Stream } from '@fcc/shared';
import { cameraStreamOf } from '../store/streams';

const KIND_PREFERENCE: readonly Device['kind'][] = ['bodycam', 'phone', 'vehicle', 'drone'];

export function videoDeviceOf(
  officerId: string,
  devices: Readonly<Record<string, Device>>,
  position: LivePosition | undefined,
  streams: Readonly<Record<string, Stream>>,
): string | null {
  const own = Object.values(devices).filter((device) => device.officerId === officerId);
  const streaming = own.find((device) => {
    const stream = cameraStreamOf(streams, device.id);
    return stream !== undefined && stream.state !== 'ended';
  });
  if (streaming) return streaming.id;
  if (position && (own.length === 0 || own.some((device) => device.id === position.deviceId))) {
    return position.deviceId;
  }
  for (const kind of KIND_PREFERENCE) {
    const device = own.find((candidate) => candidate.kind === kind);
    if (device) return device.id;
  }
  return own[0]?.id ?? null;
}
