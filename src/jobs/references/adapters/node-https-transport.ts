import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HttpsTransport } from '../https-transport';

/** `HttpsTransport` over node:https, with the connection pinned to the checked address. */
export const nodeHttpsTransport: HttpsTransport = (req) =>
  new Promise((resolve, reject) => {
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all === true) {
        callback(null, [{ address: req.address, family: req.family }]);
      } else {
        callback(null, req.address, req.family);
      }
    };
    const outgoing = request(
      req.url,
      {
        method: 'GET',
        lookup: pinned,
        signal: req.signal,
        headers: { accept: '*/*', 'accept-encoding': 'identity', 'user-agent': 'polkamesh' },
      },
      (res) => {
        const header = (name: string): string | null => {
          const value = res.headers[name];
          return typeof value === 'string' ? value : null;
        };
        const length = header('content-length');
        resolve({
          status: res.statusCode ?? 0,
          location: header('location'),
          contentType: header('content-type'),
          contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
          body: res,
          close: () => res.destroy(),
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
