import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
export function serveStatic(
  dir: string,
  options?: { port?: number; host?: string; routes?: Record<string, (request: IncomingMessage, response: ServerResponse) => void> },
): Promise<StaticServer>;
