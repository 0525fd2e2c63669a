import { describe, expect, it } from "vitest";
import { claimJobs, completeJob, enqueueJob, listJobsForReceipt, rescheduleJob } from "@/lib/db/queries/outbox";
import { useTestDb } from "../helpers/db";
import { seedPortal, seedReceipt } from "../helpers/seed";

const t = useTestDb();

describe("outbox", () => {
  it("keeps one job per idempotency key", async () => {
    const { portal, profile } = await seedPortal(t.db);
    const r = await seedReceipt(t.db, portal.id, profile.id);
    await enqueueJob(t.db, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}` });
    await enqueueJob(t.db, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}` });
    expect(await listJobsForReceipt(t.db, { portalId: portal.id, receiptId: r.id })).toHaveLength(1);
    // drain it so later cases start clean
    const [job] = await claimJobs(t.db, { kinds: ["fiscalise"], limit: 10, workerId: "w0", leaseMs: 60_000 });
    expect(await completeJob(t.db, job!)).toBe(true);
  });

  it("eight concurrent workers claim sixty jobs, each exactly once", async () => {
    const { portal, profile } = await seedPortal(t.db);
    for (let i = 0; i < 60; i++) {
      const r = await seedReceipt(t.db, portal.id, profile.id);
      await enqueueJob(t.db, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}` });
    }
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (;;) {
          const jobs = await claimJobs(t.db, { kinds: ["fiscalise"], limit: 5, workerId: `w${w}`, leaseMs: 60_000 });
          if (!jobs.length) return;
          for (const j of jobs) {
            claimed.push(j.id);
            expect(await completeJob(t.db, j)).toBe(true);
          }
        }
      }),
    );
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
  });

  it("hands a job whose lease expired to another worker, and the first one can no longer settle it", async () => {
    const { portal, profile } = await seedPortal(t.db);
    const r = await seedReceipt(t.db, portal.id, profile.id);
    await enqueueJob(t.db, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}` });
    const [first] = await claimJobs(t.db, { kinds: ["fiscalise"], limit: 1, workerId: "dying", leaseMs: 1 });
    expect(first).toBeTruthy();
    await new Promise((res) => setTimeout(res, 30));
    const [second] = await claimJobs(t.db, { kinds: ["fiscalise"], limit: 1, workerId: "alive", leaseMs: 60_000 });
    expect(second?.id).toBe(first!.id);
    expect(second?.attempts).toBe(2);
    expect(await completeJob(t.db, first!)).toBe(false);
    expect(await rescheduleJob(t.db, first!, 0)).toBe(false);
    expect(await completeJob(t.db, second!)).toBe(true);
  });

  it("does not hand out a rescheduled job before its time", async () => {
    const { portal, profile } = await seedPortal(t.db);
    const r = await seedReceipt(t.db, portal.id, profile.id);
    await enqueueJob(t.db, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}` });
    const [job] = await claimJobs(t.db, { kinds: ["fiscalise"], limit: 1, workerId: "w", leaseMs: 60_000 });
    expect(await rescheduleJob(t.db, job!, 60_000, "later")).toBe(true);
    expect(await claimJobs(t.db, { kinds: ["fiscalise"], limit: 1, workerId: "w2", leaseMs: 60_000 })).toEqual([]);
  });
});
