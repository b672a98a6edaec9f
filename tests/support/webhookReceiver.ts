// An HTTP sink for Alertmanager's webhook: records every notification, by path, for assertions.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface WebhookNotification {
  path: string;
  receiver: string;
  status: string;
  alerts: WebhookAlert[];
}

export interface WebhookReceiver {
  readonly url: string;
  readonly notifications: WebhookNotification[];
  /** Resolves once `predicate` holds for the notifications so far, or rejects after `timeoutMs`. */
  waitFor(predicate: (all: WebhookNotification[]) => boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const maxBody = 1024 * 1024;

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const notifications: WebhookNotification[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Omit<WebhookNotification, 'path'>;
        notifications.push({
          path: request.url ?? '/',
          receiver: body.receiver,
          status: body.status,
          alerts: body.alerts,
        });
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end('not a webhook payload');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(notifications)) {
        if (Date.now() > deadline) throw new Error(`webhook: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
