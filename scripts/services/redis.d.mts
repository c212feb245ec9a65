export function ensureRedis(): Promise<string>;
export function startRedis(options?: { timeoutMs?: number }): Promise<{ url: string; address: string; port: number; stop(): Promise<void> }>;
