import WebSocket from 'ws';

/** One JSON-RPC call on its own socket: for the devnet's `dev_*` control methods. */
export function devRpc<T = unknown>(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method, params })));
    socket.on('message', (raw: WebSocket.RawData) => {
      const text = (
        Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer)
      ).toString('utf8');
      const reply = JSON.parse(text) as { result?: T; error?: { message: string } };
      socket.close();
      if (reply.error) {
        reject(new Error(`${method}: ${reply.error.message}`));
      } else {
        resolve(reply.result as T);
      }
    });
  });
}
