// Body cameras for the fleet: which officers carry one, each camera's loop encoded once (cached),
// RTMP stream keys issued when the cameras push RTMP, and the factory that gives every officer
// their camera (or NO_VIDEO).
import { BodyCamera } from './body-camera';
import { camerasAmong } from './camera-policy';
import { ffmpegPath } from './ffmpeg';
import type { FleetSetup, SetupLog, SimDevice } from './fleet-setup';
import type { SimOptions } from './options';
import { RtmpPublisher, WhipPublisher, type CameraPublisher } from './publishers';
import type { FleetStats } from './stats';
import { TalkbackListener } from './talkback-listener';
import { ensureClip, findFont } from './video-clip';
import { NO_VIDEO, type VideoDeviceFactory } from './video';

export interface FleetVideo {
  /** The devices that carry a camera. */
  devices: SimDevice[];
  factory(stats: FleetStats, log: (line: string) => void): VideoDeviceFactory;
}

export async function prepareFleetVideo(
  options: SimOptions,
  setup: FleetSetup,
  log: SetupLog,
): Promise<FleetVideo | null> {
  const { video } = options;
  if (video.cameras === 0) return null;
  const devices = camerasAmong(setup.devices, video.cameras);
  const ffmpeg = ffmpegPath();
  const font = await findFont();
  if (!font)
    log.warn('no font found for the cameras’ name tags: each camera gets a different test pattern instead');
  else if (!font.cjk) log.info(`no CJK font: the cameras show badge numbers only (${font.file})`);

  const startedAt = Date.now();
  const clips = new Map<SimDevice, string>();
  for (const [index, device] of devices.entries()) {
    const officer = device.officer;
    const lines = officer ? [`${officer.name} · ${officer.badgeNo}`, device.uniqueId] : [device.uniqueId];
    clips.set(device, await ensureClip(ffmpeg, video.cacheDir, device.uniqueId, { lines, index, font }));
  }
  log.info(
    `${devices.length} body camera(s), ${video.mode}, ${video.transport.toUpperCase()}; loops ready in ` +
      `${((Date.now() - startedAt) / 1000).toFixed(1)} s (${video.cacheDir})`,
  );

  const rtmpUrls = new Map<SimDevice, string>();
  if (video.transport === 'rtmp') {
    // The options check that RTMP comes with the administrator password.
    for (const device of devices)
      rtmpUrls.set(device, (await setup.staff!.issueStreamKey(device.deviceId)).rtmpUrl);
    log.info(
      `issued RTMP stream keys for ${devices.length} camera(s) (each replaces the device's previous key)`,
    );
  }

  return {
    devices,
    factory: (stats, line) => {
      stats.cameras = devices.length;
      return (device) => {
        const clip = clips.get(device);
        if (!clip) return NO_VIDEO;
        const publish = (): Promise<CameraPublisher> =>
          video.transport === 'rtmp'
            ? RtmpPublisher.start(rtmpUrls.get(device)!, clip, ffmpeg)
            : WhipPublisher.start({
                server: options.server,
                deviceId: device.deviceId,
                token: device.token,
                clip,
                ffmpeg,
              });
        return new BodyCamera({
          label: device.officer ? `${device.officer.name} (${device.officer.badgeNo})` : device.uniqueId,
          mode: video.mode,
          publish,
          listen: (whepUrl, heard) => TalkbackListener.start(options.server, whepUrl, device.token, heard),
          log: line,
          counters: stats,
          refused: (message) => stats.refusals.push(message),
        });
      };
    },
  };
}
