/** CORS for the configured origins: the demo pages and host apps call the API from another origin. */
export function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> {
  if (!origin) return {};
  if (!allowed.includes('*') && !allowed.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    // A created record's Location names its version; the Records client reads it.
    'access-control-expose-headers': 'location',
    vary: 'Origin',
  };
}

export function preflightResponse(request: Request, allowed: readonly string[]): Response {
  const headers = corsHeaders(request.headers.get('origin'), allowed);
  if (headers['access-control-allow-origin']) {
    headers['access-control-allow-methods'] = 'GET, POST, PUT, OPTIONS';
    headers['access-control-allow-headers'] = 'authorization, content-type, if-none-exist, if-match';
    headers['access-control-max-age'] = '600';
  }
  return new Response(null, { status: 204, headers });
}
