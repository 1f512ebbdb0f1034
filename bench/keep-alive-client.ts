import { Agent, request } from 'node:http';

/**
 * A lean HTTP/1.1 client for the open-loop scenarios: node:http over kept-alive sockets costs the
 * load generator a fraction of what fetch does, and the generator shares this machine's two cores
 * with the server it measures.
 */
export function keepAliveClient(baseUrl: string, maxSockets = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    /** Sends one request and resolves with its status once the whole body has arrived. */
    send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = request({ agent, hostname, port, method, path, headers }, (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
