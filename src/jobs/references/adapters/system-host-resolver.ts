import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../https-transport';

/** `HostResolver` over the system resolver (node:dns), every address of the name. */
export const systemHostResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));
