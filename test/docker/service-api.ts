import { waitFor } from '../support/wait-for';

/** A job as GET /jobs and GET /jobs/:id list it (the fields the Docker tier checks). */
export interface ListedJob {
  id: string;
  status: string;
  modelRef: string;
  resultHash: string | null;
  completedBy: string | null;
  assignedProvider: string | null;
  submittedBlock: string | null;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** Resolves once GET /health answers 200 (the service's HTTP API is up). */
export async function waitForHealth(baseUrl: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) })).ok,
    timeoutMs,
    `GET ${baseUrl}/health answering 200`,
    500,
  );
}

/** The latest job GET /jobs lists as Completed, once there is one. */
export async function waitForCompletedJob(baseUrl: string, timeoutMs: number): Promise<ListedJob> {
  return waitFor(
    async () =>
      (await getJson<{ items: ListedJob[] }>(`${baseUrl}/jobs?status=Completed`)).items.at(-1),
    timeoutMs,
    `a job Completed in GET ${baseUrl}/jobs`,
    1_000,
  );
}

/** GET /jobs/:id once it says Completed. */
export async function waitForJobCompleted(
  baseUrl: string,
  id: string,
  timeoutMs: number,
): Promise<ListedJob> {
  return waitFor(
    async () => {
      const response = await fetch(`${baseUrl}/jobs/${id}`, { signal: AbortSignal.timeout(5_000) });
      const job = response.ok ? ((await response.json()) as ListedJob) : undefined;
      return job?.status === 'Completed' && job;
    },
    timeoutMs,
    `job ${id} Completed in GET ${baseUrl}/jobs/${id}`,
    1_000,
  );
}
