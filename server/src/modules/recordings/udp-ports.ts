// Local UDP ports for ffmpeg's RTP input: even ports whose next (RTCP) port is free too, and a
// way to see when ffmpeg has bound them (Linux /proc/net/udp), so no packet is sent too early.
import dgram from 'node:dgram';
import fs from 'node:fs/promises';

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '0.0.0.0', () => socket.close(() => resolve(true)));
  });
}

/** `count` even ports p with p and p+1 free now (ffmpeg binds RTP on p and RTCP on p+1). */
export async function pickRtpPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < 200; attempt++) {
    // Above the usual ephemeral range's start, below its end: 20000–59998.
    const port = 20_000 + 2 * Math.floor(Math.random() * 20_000);
    if (ports.includes(port)) continue;
    if ((await bindable(port)) && (await bindable(port + 1))) ports.push(port);
  }
  if (ports.length < count) throw new Error('no free UDP port pair for the recorder');
  return ports;
}

/** Which of these local UDP ports some process listens on. */
export async function findUdpListeners(ports: number[]): Promise<Set<number>> {
  const wanted = new Set(ports);
  const found = new Set<number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const port = local ? parseInt(local.slice(local.lastIndexOf(':') + 1), 16) : NaN;
      if (wanted.has(port)) found.add(port);
    }
  }
  return found;
}
