/**
 * What real clients read, written from the outside, not from this service's code:
 * - the original backend's README (`GET /health`: `{"status":"ok","uptime":3600,"contracts":
 *   {"paymentEscrow":"active",…},"performance":{"totalJobs":1250,"successRate":"95.8%",
 *   "avgProcessingTime":"2.3s"}}`);
 * - the PolkaMesh web frontend's pages and `lib/api.ts`, as `shared/spec/frontend-and-original-
 *   backend.md` §3 describes them (field names, types, units, and what each page does with them).
 * Each check throws with the path of the first field that breaks the client.
 */

type Json = unknown;

export class ClientContractError extends Error {}

function fail(path: string, message: string): never {
  throw new ClientContractError(`${path}: ${message}`);
}

function object(value: Json, path: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, Json>;
}

function string(value: Json, path: string): string {
  if (typeof value !== 'string') {
    fail(path, `expected a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function number(value: Json, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, `expected a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolean(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') {
    fail(path, `expected a boolean, got ${JSON.stringify(value)}`);
  }
  return value;
}

function oneOf<T extends string>(value: Json, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) {
    fail(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** An optional field: absent is fine; present (null included) must pass `check`. */
function optional<T>(
  parent: Record<string, Json>,
  key: string,
  path: string,
  check: (v: Json, p: string) => T,
): T | undefined {
  return key in parent ? check(parent[key], `${path}.${key}`) : undefined;
}

/** A planck amount as the frontend reads it: `Number(x) / 1e12` must be a number. */
function planckString(value: Json, path: string): string {
  const text = string(value, path);
  if (!/^\d+$/.test(text)) {
    fail(path, `expected planck as a decimal string, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** Every `null` under `value`, by path: the frontend reads fields with `.slice`, `.length`, …. */
export function nullPaths(value: Json, path = '$'): string[] {
  if (value === null) {
    return [path];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, Json>).flatMap(([k, v]) =>
      nullPaths(v, `${path}.${k}`),
    );
  }
  return [];
}

// ---- GET /health, as the original README documents it

export const SEED_CONTRACT_KEYS = [
  'paymentEscrow',
  'jobQueue',
  'phalaProcessor',
  'mevProtection',
] as const;
export const CONTRACT_STATES = ['active', 'unreachable', 'unknown'] as const;

/** A client written from the README: reads these fields with these types, and `parseFloat`s the two strings. */
export function checkSeedHealth(body: Json): void {
  const health = object(body, '$');
  string(health['status'], '$.status');
  const uptime = number(health['uptime'], '$.uptime');
  if (!Number.isInteger(uptime) || uptime < 0) {
    fail('$.uptime', `expected whole seconds, got ${uptime}`);
  }
  const contracts = object(health['contracts'], '$.contracts');
  for (const key of SEED_CONTRACT_KEYS) {
    oneOf(contracts[key], CONTRACT_STATES, `$.contracts.${key}`);
  }
  for (const [key, state] of Object.entries(contracts)) {
    oneOf(state, CONTRACT_STATES, `$.contracts.${key}`);
  }
  const performance = optional(health, 'performance', '$', object);
  if (performance) {
    number(performance['totalJobs'], '$.performance.totalJobs');
    optional(performance, 'successRate', '$.performance', (v, p) => {
      if (!/^\d+(\.\d+)?%$/.test(string(v, p))) {
        fail(p, `expected a percentage such as "95.8%", got ${JSON.stringify(v)}`);
      }
    });
    optional(performance, 'avgProcessingTime', '$.performance', (v, p) => {
      if (!/^\d+(\.\d+)?s$/.test(string(v, p))) {
        fail(p, `expected seconds such as "2.3s", got ${JSON.stringify(v)}`);
      }
    });
  }
  const nulls = nullPaths(body);
  if (nulls.length > 0) {
    fail(nulls[0]!, 'null where the README documents a value');
  }
}

// ---- the web frontend's /api/* routes (spec §3)

/** §3.2 JobStatusMonitor reads `res.data.status` (a string used verbatim). */
export const FRONTEND_JOB_STATUSES = [
  'Registered',
  'Assigned',
  'InProgress',
  'Completed',
  'Failed',
  'Cancelled',
] as const;

/** §3.2: `data.status`, and what getJobDetails reads: owner, modelRef, dataRef, resultHash, attestation. */
export function checkJobItem(value: Json, path: string): void {
  const job = object(value, path);
  oneOf(job['status'], FRONTEND_JOB_STATUSES, `${path}.status`);
  string(job['owner'], `${path}.owner`);
  string(job['modelRef'], `${path}.modelRef`);
  string(job['dataRef'], `${path}.dataRef`);
  optional(job, 'resultHash', path, string);
  optional(job, 'attestation', path, checkAttestationData);
}

export function checkFrontendJob(body: Json): void {
  const res = object(body, '$');
  checkJobItem(res['data'], '$.data');
  noNulls(body);
}

/** §3.3: snake_case; proof sliced to 32, result hash to 20, worker key to 20; timestamp in seconds. */
export function checkAttestationData(value: Json, path: string): void {
  const data = object(value, path);
  number(data['job_id'], `${path}.job_id`);
  string(data['result_hash'], `${path}.result_hash`);
  string(data['attestation_proof'], `${path}.attestation_proof`);
  string(data['tee_worker_pubkey'], `${path}.tee_worker_pubkey`);
  const timestamp = number(data['timestamp'], `${path}.timestamp`);
  // `new Date(timestamp * 1000)`: seconds, so within years of now, not ms (a factor 1000 off)
  if (!Number.isInteger(timestamp) || Math.abs(timestamp - Date.now() / 1000) > 10 * 365 * 86400) {
    fail(`${path}.timestamp`, `expected unix seconds, got ${timestamp}`);
  }
  boolean(data['verified'], `${path}.verified`);
}

export function checkFrontendAttestation(body: Json): void {
  const res = object(body, '$');
  checkAttestationData(res['data'], '$.data');
  noNulls(body);
}

/** lib/api.ts listJobs(owner): `{success, jobs}` (the original backend's keys), each a §3.2 item. */
export function checkFrontendJobList(body: Json): void {
  const res = object(body, '$');
  if (res['success'] !== true) {
    fail('$.success', 'expected true');
  }
  const jobs = res['jobs'];
  if (!Array.isArray(jobs)) {
    fail('$.jobs', 'expected an array');
  }
  jobs.forEach((job, i) => checkJobItem(job, `$.jobs[${i}]`));
  noNulls(body);
}

/** §3.4: the marketplace maps `res.providers` when it is a non-empty array. */
export function checkFrontendProviders(body: Json): void {
  const res = object(body, '$');
  const providers = res['providers'];
  if (!Array.isArray(providers)) {
    fail('$.providers', 'expected an array');
  }
  providers.forEach((value, i) => {
    const path = `$.providers[${i}]`;
    const p = object(value, path);
    string(p['address'], `${path}.address`);
    optional(p, 'location', path, string);
    const types = p['computeTypes'];
    if (!Array.isArray(types)) {
      fail(`${path}.computeTypes`, 'expected an array of strings');
    }
    types.forEach((t, j) => string(t, `${path}.computeTypes[${j}]`));
    const reputation = number(p['reputation'], `${path}.reputation`);
    if (reputation < 0 || reputation > 5) {
      fail(
        `${path}.reputation`,
        `expected the 0–5 scale (the UI multiplies by 20), got ${reputation}`,
      );
    }
    number(p['jobsCompleted'], `${path}.jobsCompleted`);
    planckString(p['pricePerHour'], `${path}.pricePerHour`);
    boolean(p['available'], `${path}.available`);
  });
  noNulls(body);
}

export const PRIVACY_LEVELS = ['Public', 'Private', 'Confidential'] as const;

/** §3.5: the marketplace reads `res.dataNfts` (camelCase); `nfts` is the original key. */
export function checkFrontendDataNfts(body: Json): void {
  const res = object(body, '$');
  for (const key of ['dataNfts', 'nfts']) {
    const list = res[key];
    if (!Array.isArray(list)) {
      fail(`$.${key}`, 'expected an array');
    }
    list.forEach((value, i) => {
      const path = `$.${key}[${i}]`;
      const d = object(value, path);
      optional(d, 'name', path, string);
      string(d['tokenId'], `${path}.tokenId`);
      optional(d, 'description', path, string);
      optional(d, 'dataType', path, string);
      planckString(d['pricePerAccess'], `${path}.pricePerAccess`);
      number(d['subscriberCount'], `${path}.subscriberCount`);
      optional(d, 'privacyLevel', path, (v, p) => oneOf(v, PRIVACY_LEVELS, p));
    });
  }
  noNulls(body);
}

/** §3.6: the /phala-status page's state type, and its defaults (the page's own placeholders). */
const PHALA_PAGE_DEFAULTS = {
  appId: 'app_4c48fd1fdbcf7495e90758c6b4108faf1205c3a3',
  cvmId: 18501,
  status: 'running',
  uptime: '4d 12h 35m',
  resources: { vcpu: 1, memory: 2048, disk: 40 },
  version: 'dstack-0.3.6',
  lastHeartbeat: new Date(0).toISOString(),
  jobsProcessed: 156,
  successRate: 99.5,
} as const;

/**
 * What the page does: `setPhalaStatus(prev => ({...prev, ...result.data, lastHeartbeat}))`, then
 * renders `appId.slice(0, 20)`, `resources.vcpu`, `successRate + '%'`, …. Returns the merged state.
 */
export function mergePhalaStatusLikeThePage(body: Json): Record<string, Json> {
  const res = object(body, '$');
  const merged = {
    ...PHALA_PAGE_DEFAULTS,
    ...object(res['data'], '$.data'),
    lastHeartbeat: new Date().toISOString(),
  } as Record<string, Json>;
  string(merged['appId'], '$.data.appId');
  number(merged['cvmId'], '$.data.cvmId');
  oneOf(merged['status'], ['running', 'stopped', 'error'], '$.data.status');
  string(merged['uptime'], '$.data.uptime');
  const resources = object(merged['resources'], '$.data.resources');
  for (const key of ['vcpu', 'memory', 'disk']) {
    number(resources[key], `$.data.resources.${key}`);
  }
  string(merged['version'], '$.data.version');
  number(merged['jobsProcessed'], '$.data.jobsProcessed');
  number(merged['successRate'], '$.data.successRate');
  noNulls(body);
  return merged;
}

function noNulls(body: Json): void {
  const nulls = nullPaths(body);
  if (nulls.length > 0) {
    fail(nulls[0]!, 'null where the frontend reads a value');
  }
}
