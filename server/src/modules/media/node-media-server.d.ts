// Types for the parts of node-media-server we use: its RTMP protocol state machine (handshake,
// chunk stream, AMF commands) and FLV tag writer, without its servers, store or HTTP API.
declare module 'node-media-server/src/protocol/rtmp.js' {
  export interface RtmpAvPacket {
    /** 8 audio, 9 video, 18 script data. */
    codec_type: number;
    /** FLV codec id: 7 H.264, 10 AAC, … */
    codec_id: number;
    /** Video: 2 sequence header, 3 keyframe, 4 other frame; audio: 0 sequence header, 1 frame. */
    flags: number;
    dts: number;
    pts: number;
    size: number;
    /** The parser's own buffer, reused for the next message on the chunk stream: copy it now. */
    data: Buffer;
  }
  export default class Rtmp {
    streamApp: string;
    streamName: string;
    streamId: number;
    onConnectCallback: (request: { app: string; name: string; host: string; query: unknown }) => void;
    onPlayCallback: () => void;
    onPushCallback: () => void;
    onPacketCallback: (packet: RtmpAvPacket) => void;
    onOutputCallback: (buffer: Buffer) => void;
    /** Returns an error message, or null. */
    parserData(buffer: Buffer): string | null;
    respondPublish(): void;
    onDeleteStream(message: unknown): void;
    sendStatusMessage(streamId: number, level: string, code: string, description: string): void;
  }
}

declare module 'node-media-server/src/protocol/flv.js' {
  import type { RtmpAvPacket } from 'node-media-server/src/protocol/rtmp.js';
  export default class Flv {
    static createHeader(hasAudio: boolean, hasVideo: boolean): Buffer;
    static createMessage(packet: RtmpAvPacket): Buffer;
  }
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: string; log(message: string, level?: string): void };
  export default logger;
}
