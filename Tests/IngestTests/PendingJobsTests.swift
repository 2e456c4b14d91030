import Foundation
import KomfyEvents
import KomfyJobs
import Testing

@testable import KomfyIngest

@Suite("PendingJobs: the accepted jobs the projector has not read back yet")
struct PendingJobsTests {
    static func job(_ name: String, tenant: String = "acme", priority: Int = 0) -> StoredJob {
        StoredJob(jobID: EventID.named(name), tenant: tenant, apiKeyID: nil, status: .queued, phase: .validating,
                  priority: priority, createdAt: Timestamp(millisecondsSinceEpoch: 0), startedAt: nil, completedAt: nil,
                  executionTimeMs: nil, outputs: nil, error: nil, metadata: nil, idempotencyKey: nil, fingerprint: nil)
    }

    @Test("counts per tenant and per priority follow inserts and read-backs; a repeated insert counts once")
    func counts() {
        var pending = PendingJobs()
        pending.insert(Self.job("a", priority: 0))
        pending.insert(Self.job("a", priority: 0))
        pending.insert(Self.job("b", priority: 5))
        pending.insert(Self.job("c", tenant: "globex", priority: -1))
        #expect(pending.count == 3)
        #expect(pending.count(tenant: "acme") == 2)
        #expect(pending.count(tenant: "globex") == 1)
        #expect(pending.count(atOrAbove: 0) == 2)
        #expect(pending.count(atOrAbove: 5) == 1)
        #expect(pending.count(atOrAbove: -1) == 3)
        #expect(Set(pending.jobs(tenant: "acme").map(\.jobID)) == [EventID.named("a"), EventID.named("b")])

        pending.readBack(EventID.named("a"), submittedHere: true)
        pending.readBack(EventID.named("c"), submittedHere: true)
        #expect(pending[EventID.named("a")] == nil)
        #expect(pending.count == 1)
        #expect(pending.count(tenant: "acme") == 1)
        #expect(pending.count(tenant: "globex") == 0)
        #expect(pending.count(atOrAbove: -1) == 1)
        #expect(pending.jobs(tenant: "globex").isEmpty)
    }

    @Test("a submission read back before its submitter marked it pending is not left pending")
    func readBackBeforeInsert() {
        var pending = PendingJobs()
        pending.readBack(EventID.named("early"), submittedHere: true)
        pending.insert(Self.job("early"))
        #expect(pending[EventID.named("early")] == nil)
        #expect(pending.count(tenant: "acme") == 0)
        // Only once: a later job with the same id (an Idempotency-Key replay never inserts, but a
        // new insert after the match) is pending as usual.
        pending.insert(Self.job("early"))
        #expect(pending.count(tenant: "acme") == 1)
        // Another instance's submission read back is never remembered.
        pending.readBack(EventID.named("theirs"), submittedHere: false)
        pending.insert(Self.job("theirs"))
        #expect(pending.count(tenant: "acme") == 2)
    }

    @Test("early read-backs whose insert never comes age out instead of growing without bound")
    func earlyReadBacksAreBounded() {
        var pending = PendingJobs()
        for index in 0...PendingJobs.readBackEarlyLimit {
            pending.readBack(EventID.named("lost-\(index)"), submittedHere: true)
        }
        // The oldest were forgotten: inserting one now makes it pending.
        pending.insert(Self.job("lost-0"))
        #expect(pending.count == 1)
        // The newest is still remembered.
        pending.insert(Self.job("lost-\(PendingJobs.readBackEarlyLimit)"))
        #expect(pending.count == 1)
    }
}
