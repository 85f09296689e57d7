import type { RequestState } from "../state";

/**
 * Runs `work` and adds its duration to the request's upstream time, which the gateway overhead
 * (x-switchyard-overhead-ms) leaves out. Failures count too: a refused attempt waited as well.
 * Waits that overlap (a batch split into parallel upstream calls) count once: the clock runs while
 * at least one is open.
 */
export async function timeUpstream<T>(state: RequestState, work: Promise<T>): Promise<T> {
  if (state.upstreamOpen++ === 0) state.upstreamSince = performance.now();
  try {
    return await work;
  } finally {
    if (--state.upstreamOpen === 0) state.upstreamMs += performance.now() - state.upstreamSince;
  }
}
