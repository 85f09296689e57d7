// Create, read, update and delete one row of every model, with values that expose lossy
// drivers: BigInts beyond 2^53, Decimals with ten fractional digits, arrays, nested JSON,
// DATE columns. Shared by the PostgreSQL and PGlite tests so both adapters prove the same.
import { controlPlaneRoundTrips } from "./control-plane";
import type { RoundTrip } from "./fixtures";
import { peopleRoundTrips } from "./people";

export { createFixtures, type Fixtures, type RoundTrip } from "./fixtures";

export const roundTrips: RoundTrip[] = [...peopleRoundTrips, ...controlPlaneRoundTrips];
