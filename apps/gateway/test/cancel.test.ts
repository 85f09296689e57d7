import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancel } from "../src/pipeline/client-abort";

describe("Cancel (the request path's abort signal)", () => {
  it("aborts once, with its reason, and tells its children but not its parent", () => {
    const parent = new Cancel();
    const child = parent.child();
    const grandchild = child.child();
    const heard: string[] = [];
    parent.on("abort", () => heard.push("parent"));
    child.on("abort", () => heard.push("child"));
    grandchild.on("abort", () => heard.push("grandchild"));

    child.abort("late");
    child.abort("again");
    expect(heard.sort()).toEqual(["child", "grandchild"]);
    expect([parent.aborted, child.aborted, grandchild.aborted]).toEqual([false, true, true]);
    expect(grandchild.reason).toBe("late");

    parent.abort();
    expect(heard.sort()).toEqual(["child", "grandchild", "parent"]);
    expect(parent.reason).toBeInstanceOf(DOMException);
    expect((parent.reason as DOMException).name).toBe("AbortError");
    expect(parent.child().aborted).toBe(true);
  });

  it("does not warn however many attempts listen to one request", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const request = new Cancel();
    const attempts = Array.from({ length: 30 }, () => request.child());
    request.abort();
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    process.off("warning", onWarning);
    expect(attempts.every((attempt) => attempt.aborted)).toBe(true);
    expect(warnings).toEqual([]);
  });

  describe("as undici's request signal", () => {
    let server: Server;
    let pool: Pool;
    beforeAll(async () => {
      // Answers nothing: every request waits until it is aborted.
      server = createServer(() => {});
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
    afterAll(async () => {
      await pool.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("aborts a request in flight, and one not yet sent", async () => {
      const cancel = new Cancel();
      const pending = pool.request({ path: "/", method: "GET", signal: cancel });
      setTimeout(() => cancel.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
      await expect(pool.request({ path: "/", method: "GET", signal: cancel })).rejects.toBe(cancel.reason);
    });
  });
});
