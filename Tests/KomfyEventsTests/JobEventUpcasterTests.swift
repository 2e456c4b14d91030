import Foundation
import KomfyEvents
import Testing

/// Replay of old logs: a record written with an older `version` of its type goes through the
/// codec's upcasters, one version at a time, and decodes into the current payload.
@Suite("JobEventCodec: upcasting older versions")
struct JobEventUpcasterTests {
    /// A hypothetical JobClaimed version 0: `executor` instead of `executor_id`, the lease in seconds.
    static let claimedVersion0 = Data("""
        {"causation_id":"8ac8f411-a34d-5af8-b6d0-6fc34daa2090","data":{"attempt":2,"executor":"gpu-node-3/cuda:0",\
        "lease_seconds":45},"id":"0d9ff323-65c0-57f4-a7b6-b484e21abcf8","job_id":"0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60",\
        "occurred_at":"2025-03-01T08:00:00.250Z","producer":"executor/gpu-node-3","type":"JobClaimed","version":0}
        """.utf8)

    static let claimedFromVersion0 = JobEventUpcaster(type: "JobClaimed", fromVersion: 0) { data in
        guard var fields = data.objectValue else { return data }
        if let executor = fields.removeValue(forKey: "executor") {
            fields["executor_id"] = executor
        }
        if let seconds = fields.removeValue(forKey: "lease_seconds")?.intValue {
            fields["lease_ms"] = .int(seconds * 1000)
        }
        return .object(fields)
    }

    @Test("a version 0 record decodes into the current payload, envelope intact")
    func upcastsVersion0() throws {
        let codec = JobEventCodec(upcasters: [Self.claimedFromVersion0])
        let envelope = try codec.decode(Self.claimedVersion0)
        #expect(envelope == JobEventEnvelope(
            id: UUID(uuidString: "0d9ff323-65c0-57f4-a7b6-b484e21abcf8")!,
            jobID: UUID(uuidString: "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60")!,
            occurredAt: Timestamp(rfc3339: "2025-03-01T08:00:00.250Z")!,
            producer: "executor/gpu-node-3",
            causationID: UUID(uuidString: "8ac8f411-a34d-5af8-b6d0-6fc34daa2090")!,
            event: JobEvent(JobClaimed(executorID: "gpu-node-3/cuda:0", attempt: 2, leaseMs: 45_000))))
        // Re-encoding writes the current version.
        let record = try JSONDecoder().decode(JSONValue.self, from: codec.encode(envelope))
        #expect(record["version"] == 1)
        #expect(record["data"] == ["attempt": 2, "executor_id": "gpu-node-3/cuda:0", "lease_ms": 45_000])
    }

    @Test("without an upcaster for the type, the old record is refused by name")
    func upcasterOfAnotherType() {
        let other = JobEventUpcaster(type: "JobStarted", fromVersion: 0) { _ in
            Issue.record("the JobStarted upcaster ran on a JobClaimed record")
            return .null
        }
        #expect(throws: JobEventDecodingError.noUpcaster(type: "JobClaimed", fromVersion: 0)) {
            try JobEventCodec(upcasters: [other]).decode(Self.claimedVersion0)
        }
    }

    @Test("an upcaster whose output is still not the current shape fails as malformed")
    func incompleteUpcaster() {
        let forgetful = JobEventUpcaster(type: "JobClaimed", fromVersion: 0) { $0 }
        #expect(throws: JobEventDecodingError.malformed("missing data.executor_id")) {
            try JobEventCodec(upcasters: [forgetful]).decode(Self.claimedVersion0)
        }
    }

    @Test("the current version skips the upcasters")
    func currentVersionIsNotUpcast() throws {
        let tripwire = JobEventUpcaster(type: "JobClaimed", fromVersion: 1) { _ in
            Issue.record("an upcaster ran on a current record")
            return .null
        }
        let codec = JobEventCodec(upcasters: [tripwire])
        let envelope = try codec.decode(codec.encode(JobEventSamples.claimed))
        #expect(envelope == JobEventSamples.claimed)
    }
}
