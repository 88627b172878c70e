/**
 * Proxy support for the CLI and the Action (`@kie-task/node-io/proxy`). Node's fetch ignores
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY, unlike curl and the Actions runner; when one of them is set we hand the core a
 * fetch that goes through undici's EnvHttpProxyAgent. undici is imported only then, so runs without a proxy do not
 * pay for loading it. (undici 7 needs Node ≥ 20.18.1; undici 8 needs Node 22.)
 *
 * Aborting one request does not stop undici's CONNECT to the proxy, nor the TLS handshake through the tunnel: they
 * belong to the connection, which outlives the request and would hold the process open for minutes behind a proxy
 * that never answers. So the fetch takes the run's signal too, and when it aborts every connection is destroyed.
 */

/** The proxy variables, in the precedence curl and the runner use (lowercase first). */
export interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

/** Reads the proxy variables; null when no proxy is configured. */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings | null {
  const pick = (name: string): string | undefined =>
    env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
  const settings = {
    httpProxy: pick('http_proxy'),
    httpsProxy: pick('https_proxy'),
    noProxy: pick('no_proxy'),
  };
  return settings.httpProxy || settings.httpsProxy ? settings : null;
}

/** A proxy URL for the log: scheme, host and port only (never credentials). */
export function describeProxy(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unparsable proxy URL)';
  }
}

/** Options of {@link proxyAwareFetch}. */
export interface ProxyFetchOptions {
  /**
   * The run's signal (its deadline and its cancel, see `./deadline`): when it aborts, every connection through the
   * proxy is destroyed — a CONNECT or a TLS handshake still waiting included — and later requests fail at once.
   */
  signal?: AbortSignal | undefined;
}

/** A proxy-aware fetch when a proxy variable is set, else undefined (use the global fetch). */
export async function proxyAwareFetch(
  env: NodeJS.ProcessEnv = process.env,
  options: ProxyFetchOptions = {},
): Promise<typeof fetch | undefined> {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  const undici = await import('undici');
  const agentOptions: ConstructorParameters<typeof undici.EnvHttpProxyAgent>[0] = {};
  if (settings.httpProxy) agentOptions.httpProxy = settings.httpProxy;
  if (settings.httpsProxy) agentOptions.httpsProxy = settings.httpsProxy;
  if (settings.noProxy) agentOptions.noProxy = settings.noProxy;
  const dispatcher = new undici.EnvHttpProxyAgent(agentOptions);
  const { signal } = options;
  const destroy = (): void => void dispatcher.destroy().catch(() => undefined);
  if (signal?.aborted) destroy();
  else signal?.addEventListener('abort', destroy, { once: true });
  // undici's fetch, not the global one: a dispatcher from this undici copy must go with its own fetch.
  const proxied = (input: Parameters<typeof undici.fetch>[0], init?: Parameters<typeof undici.fetch>[1]) =>
    undici.fetch(input, { ...init, dispatcher });
  return proxied as unknown as typeof fetch;
}
