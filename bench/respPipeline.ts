// The Redis peer's load, made cheap enough that redis-server's core is the limit: ZADD pipelines
// encoded straight to RESP and written on raw sockets (as autocannon writes pre-built HTTP bodies),
// replies counted by their line ends and never decoded. ioredis spent more CPU per ZADD on the load
// core than redis-server did on its own (108k/s against ~205k ZADD per server CPU-second).
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

const CRLF = '\r\n';
const bulk = (s: string) => `$${s.length}${CRLF}${s}${CRLF}`;

/** One pipeline of ZADDs as RESP: `key(n)` gets member `member(n)` at `score`, for n in [from, from + count). */
export function zaddPipeline(
  from: number,
  count: number,
  score: number,
  key: (n: number) => string,
  member: (n: number) => string
): Buffer {
  const head = `*4${CRLF}$4${CRLF}ZADD${CRLF}`;
  const scoreText = bulk(String(score));
  let text = '';
  for (let n = from; n < from + count; n++) text += head + bulk(key(n)) + scoreText + bulk(member(n));
  return Buffer.from(text, 'latin1');
}

/** A socket that sends whole pipelines and resolves each when all its replies have come back. */
export class RespConnection {
  private readonly waiting: { replies: number; resolve: () => void }[] = [];
  private pendingReplies = 0;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static async open(port: number): Promise<RespConnection> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RespConnection(socket);
  }

  /** Every reply a ZADD gives (`:0`, `:1` or `-ERR ...`) is one line: counting line ends counts replies. */
  send(pipeline: Buffer, replies: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ replies, resolve });
      this.socket.write(pipeline);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      const head = this.waiting[0];
      if (!head) return;
      if (++this.pendingReplies === head.replies) {
        this.pendingReplies = 0;
        this.waiting.shift();
        head.resolve();
      }
    }
  }
}
