import Foundation
import KomfyEvents
import Testing

@Suite("JobEventCodec: encoding and decoding every event type")
struct JobEventCodecTests {
    let codec = JobEventCodec()

    @Test("encode then decode gives the same envelope", arguments: JobEventSamples.all)
    func roundTrip(_ sample: JobEventSample) throws {
        let decoded = try codec.decode(codec.encode(sample.envelope))
        #expect(decoded == sample.envelope)
    }

    @Test("the same event always has the same bytes, also after a round trip", arguments: JobEventSamples.all)
    func deterministicBytes(_ sample: JobEventSample) throws {
        let first = try codec.encode(sample.envelope)
        let second = try codec.encode(sample.envelope)
        let afterRoundTrip = try codec.encode(codec.decode(first))
        #expect(first == second)
        #expect(first == afterRoundTrip)
    }

    @Test("the record's type and version are the event's", arguments: JobEventSamples.all)
    func typeAndVersion(_ sample: JobEventSample) throws {
        let record = try JSONDecoder().decode(JSONValue.self, from: codec.encode(sample.envelope))
        let event = sample.envelope.event
        #expect(record["type"] == .string(event.type))
        #expect(record["version"] == .int(Int64(event.schemaVersion)))
        #expect(JobEvent.payloadType(named: event.type) == type(of: event.payload))
    }

    @Test("every payload type has a full and a minimal sample")
    func everyTypeHasSamples() {
        let allTypes = Set(JobEvent.payloadTypes.map { $0.eventType })
        #expect(allTypes.count == JobEvent.payloadTypes.count, "two payload types share a name")
        #expect(Set(JobEventSamples.full.map(\.envelope.event.type)) == allTypes)
        #expect(Set(JobEventSamples.minimal.map(\.envelope.event.type)) == allTypes)
    }

    @Test("each event type is named after its payload type and maps back to its JobEvent case")
    func typeNames() {
        for sample in JobEventSamples.full {
            let payloadType = type(of: sample.envelope.event.payload)
            #expect(payloadType.eventType == String(describing: payloadType))
            #expect(JobEvent(sample.envelope.event.payload) == sample.envelope.event)
        }
    }

    @Test("the envelope has exactly the documented keys, optionals omitted rather than null")
    func envelopeKeys() throws {
        let full = try JSONDecoder().decode(JSONValue.self, from: codec.encode(JobEventSamples.validated))
        #expect(full.objectValue.map { Set($0.keys) } == [
            "id", "type", "version", "job_id", "occurred_at", "producer", "causation_id", "correlation_id", "data",
        ])
        let minimal = try #require(JobEventSamples.minimal.first { $0.envelope.event.type == "JobSubmitted" })
        let bytes = try codec.encode(minimal.envelope)
        let record = try JSONDecoder().decode(JSONValue.self, from: bytes)
        #expect(record.objectValue.map { Set($0.keys) } == [
            "id", "type", "version", "job_id", "occurred_at", "producer", "data",
        ])
        #expect(record["data"]?.objectValue.map { Set($0.keys) } == ["tenant", "prompt", "source", "priority"])
        #expect(!String(decoding: bytes, as: UTF8.self).contains("null"))
    }

    @Test("ids are written in lowercase and read in either case")
    func uuidCase() throws {
        let envelope = JobEventSamples.validated
        let text = String(decoding: try codec.encode(envelope), as: UTF8.self)
        for id in [envelope.id, envelope.jobID, envelope.causationID, envelope.correlationID].compactMap({ $0 }) {
            #expect(text.contains("\"\(id.lowercased)\""))
            #expect(!text.contains(id.uuidString))
        }
        let upper = text.replacingOccurrences(of: envelope.jobID.lowercased, with: envelope.jobID.uuidString)
        #expect(try codec.decode(Data(upper.utf8)) == envelope)
    }

    @Test("a ComfyUI seed above Int64.max keeps every digit")
    func bigSeed() throws {
        let bytes = try codec.encode(JobEventSamples.submitted)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"seed\":18446744073709551615"))
        let decoded = try codec.decode(bytes)
        guard case .submitted(let submitted) = decoded.event else {
            Issue.record("decoded \(decoded.event.type), not JobSubmitted")
            return
        }
        #expect(submitted.prompt["5"]?["inputs"]?["seed"] == .uint(JobEventSamples.bigSeed))
    }

    @Test("the wire form of a full event, byte for byte")
    func wireForm() throws {
        let text = String(decoding: try codec.encode(JobEventSamples.nodeProgress), as: UTF8.self)
        #expect(text == """
            {"causation_id":"\(JobEventSamples.started.id.lowercased)",\
            "correlation_id":"\(JobEventSamples.requestID.lowercased)",\
            "data":{"attempt":1,"max":25,"node_id":"5","value":12},\
            "id":"\(EventID.derived(from: JobEventSamples.started.id, type: "NodeProgress", index: 11).lowercased)",\
            "job_id":"0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60",\
            "occurred_at":"2026-11-22T21:58:17.860Z",\
            "producer":"executor/gpu-node-3","type":"NodeProgress","version":1}
            """)
    }

    @Test("the type travels in the komfy-type header")
    func typeHeader() {
        #expect(JobEventCodec.typeHeader == "komfy-type")
    }
}
