export const browserBuildDir: string;
/** Builds the browser bundle into `outDir`; the gzipped bytes (level 9) a page loads up front, and the worker's. */
export function buildBrowserBundle(outDir?: string): Promise<{ upFront: number; worker: number }>;
