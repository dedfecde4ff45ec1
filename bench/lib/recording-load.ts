// Child process of `npm run bench -- recording`: N WHIP publishers (werift peers fed by ffmpeg
// with -c copy), kept out of the server's process so that its CPU is the server's alone.
// Talks to the parent over IPC: { cmd } in, one reply per command out.
import { startPublisher, type TestPublisher } from '../../server/test/helpers/media-peers';

type Command =
  | { cmd: 'publish'; publishers: { url: string; token: string }[]; clip: string }
  | { cmd: 'unpublish'; serverUrl: string }
  | { cmd: 'stop' };

let publishers: { publisher: TestPublisher; token: string }[] = [];

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'publish': {
      const failed: string[] = [];
      // One at a time: each setup does a DTLS handshake in JavaScript on both sides.
      for (const { url, token } of command.publishers) {
        try {
          publishers.push({ publisher: await startPublisher({ url, token, clip: command.clip }), token });
        } catch (error) {
          failed.push((error as Error).message);
        }
      }
      return { streamIds: publishers.map(({ publisher }) => publisher.exchange.streamId), failed };
    }
    case 'unpublish': {
      await Promise.allSettled(
        publishers.map(({ publisher, token }) => publisher.stop(command.serverUrl, token)),
      );
      publishers = [];
      return {};
    }
    case 'stop':
      await Promise.allSettled(publishers.map(({ publisher }) => publisher.drop()));
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (command: Command) => {
  handle(command).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: String(error) }),
  );
});
process.send!({ ok: true });
