import Foundation
import KomfyEvents
import Testing

@Suite("EventID: deterministic UUIDv5 event ids")
struct EventIDTests {
    static let dnsNamespace = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
    static let urlNamespace = UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8")!
    static let cause = UUID(uuidString: "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60")!

    // Every expected value below is Python's uuid.uuid5 of the same namespace and name.
    @Test("UUIDv5 matches RFC 9562 implementations", arguments: [
        (dnsNamespace, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"),
        (urlNamespace, "http://python.org/", "4c565f0d-3f5a-5890-b41b-20cf47701c5e"),
        (dnsNamespace, "bücher.example", "849d4d8f-6c8e-59fa-9721-89ccba396bf9"),
    ])
    func knownVectors(namespace: UUID, name: String, expected: String) {
        #expect(EventID.uuidV5(namespace: namespace, name: name) == UUID(uuidString: expected))
    }

    @Test("Komfy's namespace and name scheme <cause id>/<type>/<index> are fixed: replayed logs depend on them")
    func komfyScheme() {
        #expect(EventID.namespace == UUID(uuidString: "6b6f6d66-7900-4a6f-9265-76656e747321"))
        // uuid.uuid5(uuid.UUID("6b6f6d66-7900-4a6f-9265-76656e747321"), "0d9f6a4e-.../JobValidated/0")
        #expect(EventID.derived(from: Self.cause, type: "JobValidated")
            == UUID(uuidString: "0d9ff323-65c0-57f4-a7b6-b484e21abcf8"))
        #expect(EventID.derived(from: Self.cause, type: "NodeProgress", index: 3)
            == UUID(uuidString: "8ac8f411-a34d-5af8-b6d0-6fc34daa2090"))
        #expect(EventID.named("acme/order-8812-render") == UUID(uuidString: "dc53a128-4abd-5590-bd21-9fb6cc14adb4"))
    }

    @Test("the same cause, type and index always give the same id; any difference gives another")
    func deterministicAndDistinct() {
        let id = EventID.derived(from: Self.cause, type: "JobValidated", index: 0)
        #expect(EventID.derived(from: Self.cause, type: "JobValidated", index: 0) == id)
        let others = [
            EventID.derived(from: UUID(uuidString: "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a61")!, type: "JobValidated"),
            EventID.derived(from: Self.cause, type: "JobRejected"),
            EventID.derived(from: Self.cause, type: "JobValidated", index: 1),
            EventID.named("\(Self.cause.lowercased)/JobValidated/0/"),
        ]
        #expect(Set(others + [id]).count == others.count + 1)
        #expect(EventID.named("\(Self.cause.lowercased)/JobValidated/0") == id)
    }

    @Test("ids carry version 5 and the RFC 9562 variant")
    func versionAndVariant() {
        var ids = (0..<200).map { EventID.derived(from: Self.cause, type: "NodeProgress", index: $0) }
        ids.append(EventID.named(""))
        for id in ids {
            #expect(id.uuid.6 >> 4 == 5, "version of \(id)")
            #expect(id.uuid.8 >> 6 == 0b10, "variant of \(id)")
            #expect(id.lowercased.dropFirst(14).first == "5")
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test("a handler's output envelope derives its id from the cause and keeps job and correlation")
    func causedEnvelope() {
        let cause = JobEventSamples.submitted
        let payload = JobValidated(modelRefs: [], outputNodes: ["7"], classTypes: ["SaveImage"])
        let at = Timestamp(millisecondsSinceEpoch: 1_795_384_648_200)
        let first = JobEventEnvelope.caused(by: cause, index: 2, producer: "validator/a", at: at, payload)
        let rerun = JobEventEnvelope.caused(by: cause, index: 2, producer: "validator/b", at: at.adding(milliseconds: 5),
                                            payload)
        #expect(first.id == EventID.derived(from: cause.id, type: "JobValidated", index: 2))
        #expect(rerun.id == first.id, "a handler that runs twice must write the same id")
        #expect(first.jobID == cause.jobID)
        #expect(first.causationID == cause.id)
        #expect(first.correlationID == cause.correlationID)
        #expect(first.occurredAt == at)
        #expect(first.producer == "validator/a")
        #expect(first.event == .validated(payload))

        // Without a correlation id on the cause, the cause itself starts the correlation.
        var uncorrelated = cause
        uncorrelated.correlationID = nil
        #expect(JobEventEnvelope.caused(by: uncorrelated, producer: "v", payload).correlationID == cause.id)
    }
}
