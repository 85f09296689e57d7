import type { RequestState } from "../state";

/**
 * Runs `work` and adds its duration to the request's upstream time, which the gateway overhead
 * (x-switchyard-overhead-ms) leaves out. Failures count too: a refused attempt waited as well.
 */
export async function timeUpstream<T>(state: RequestState, work: Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work;
  } finally {
    state.upstreamMs += performance.now() - started;
  }
}
