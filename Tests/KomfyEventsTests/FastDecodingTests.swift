import Foundation
import Testing

@testable import KomfyEvents

/// `JobEventCodec.decode` reads current records with `JobEventFastDecoder` and falls back to
/// `JSONDecoder`. These tests hold the two paths to the same results.
@Suite("JobEventCodec: the fast decoding path agrees with JSONDecoder")
struct FastDecodingTests {
    let codec = JobEventCodec()

    @Test("every sample takes the fast path and decodes to what JSONDecoder gives", arguments: JobEventSamples.all)
    func samplesTakeTheFastPath(_ sample: JobEventSample) throws {
        let data = try codec.encode(sample.envelope)
        let fast = try JobEventFastDecoder.decode(data)
        #expect(fast == sample.envelope)
        #expect(fast == (try codec.decodeWithFoundation(data)))
    }

    @Test("the fast path knows every event type")
    func everyType() {
        #expect(JobEventFastDecoder.eventTypes == Set(JobEvent.payloadTypes.map { $0.eventType }))
    }

    @Test("pretty-printed records, escapes, unknown fields and nulls for optionals read the same both ways")
    func equivalentSpellings() throws {
        let id = "6e4a3c1d-2b5f-4a8e-9c7d-1f0e2d3c4b5a"
        let records = [
            // Pretty-printed, keys in another order, an unknown field, escapes in strings.
            """
            {
              "version" : 1, "type" : "JobSubmitted", "id" : "\(id.uppercased())",
              "job_id" : "\(id)", "occurred_at" : "2026-11-22T21:57:28.123Z", "producer" : "ingest\\/h\\u00e9",
              "future_field" : {"a": [1, 2.5, "x", null, true]},
              "data" : { "tenant" : "t\\n1", "source" : "http", "priority" : -3, "webhook_url" : null,
                         "prompt" : {"5": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551615,
                                     "cfg": 7.5, "denoise": 0.75, "steps": 20, "tiny": 1e-3, "text": "\\ud83e\\udd81 lion"}}} }
            }
            """,
            // A whole number written as a float: JSONDecoder reads it as an integer; the fast path defers.
            """
            {"data":{"prompt":{"cfg":7.0},"priority":0,"source":"http","tenant":"t"},"id":"\(id)","job_id":"\(id)",\
            "occurred_at":"2026-11-22T21:57:28.123Z","producer":"p","type":"JobSubmitted","version":1}
            """,
            """
            {"data":{"attempt":null,"error":{"code":"oom_error","message":"m","details":null},"stage":"executor"},\
            "id":"\(id)","job_id":"\(id)","occurred_at":"2026-11-22T21:57:28.123Z","producer":"p","type":"JobFailed",\
            "version":1,"causation_id":null}
            """,
        ]
        for (index, record) in records.enumerated() {
            let data = Data(record.utf8)
            let reference = try codec.decodeWithFoundation(data)
            let decoded = try codec.decode(data)
            #expect(decoded == reference, "record \(index): \(decoded) vs \(reference)")
        }
        let fast = try JobEventFastDecoder.decode(Data(records[0].utf8))
        guard case .submitted(let submitted) = fast.event else { Issue.record("not a JobSubmitted"); return }
        #expect(submitted.tenant == "t\n1")
        #expect(fast.producer == "ingest/hé")
        #expect(submitted.prompt["5"]?["inputs"]?["seed"] == .uint(18_446_744_073_709_551_615))
        #expect(submitted.prompt["5"]?["inputs"]?["text"] == "🦁 lion")
        // A whole number written with a fraction (ComfyUI's "cfg": 7.0) reads as Foundation reads it.
        #expect(try JobEventFastDecoder.decode(Data(records[1].utf8)) == codec.decodeWithFoundation(Data(records[1].utf8)))
    }

    @Test("a record whose last bytes name another type than its `type` decodes by its `type`")
    func misleadingTail() throws {
        let id = "6e4a3c1d-2b5f-4a8e-9c7d-1f0e2d3c4b5a"
        let envelope = "\"id\":\"\(id)\",\"job_id\":\"\(id)\",\"occurred_at\":\"2026-11-22T21:57:28.123Z\",\"producer\":\"p\""
        let records = [
            // The tail names JobLeaseExpired, whose reader also reads JobStarted's data: the guess
            // succeeds and must be thrown away.
            "{\"data\":{\"attempt\":2,\"executor_id\":\"e\"},\(envelope),\"type\":\"JobStarted\",\"version\":1,\"x\":{\"type\":\"JobLeaseExpired\"}}",
            // The tail names JobExecuted, whose reader fails on JobStarted's data.
            "{\"data\":{\"attempt\":2,\"executor_id\":\"e\"},\(envelope),\"type\":\"JobStarted\",\"version\":1,\"x\":{\"type\":\"JobExecuted\"}}",
            // The tail names no type at all.
            "{\"data\":{\"attempt\":2,\"executor_id\":\"e\"},\(envelope),\"type\":\"JobStarted\",\"version\":1,\"x\":\"\(String(repeating: "y", count: 120))\"}",
            // The tail's type is an unknown one.
            "{\"data\":{\"attempt\":2,\"executor_id\":\"e\"},\(envelope),\"type\":\"JobStarted\",\"version\":1,\"x\":{\"type\":\"Nope\"}}",
        ]
        for record in records {
            let data = Data(record.utf8)
            let fast = try JobEventFastDecoder.decode(data)
            #expect(fast == (try codec.decodeWithFoundation(data)), "\(record)")
            #expect(fast.event == .started(JobStarted(executorID: "e", attempt: 2)))
        }
    }

    @Test("strings with quotes, escapes, control and non-ASCII bytes at every offset read as JSONDecoder reads them")
    func stringsAtEveryOffset() throws {
        let specials = ["\\\"", "\\\\", "\\n", "\\u00e9", "é", "🦁", "\\/"]
        for length in 0..<20 {
            for special in specials {
                for position in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    let json = Data("\"\(text)\"".utf8)
                    let expected = try JSONDecoder().decode(String.self, from: json)
                    let read = try json.withUnsafeBytes { bytes in
                        var reader = JSONReader(bytes)
                        return try reader.readString()
                    }
                    #expect(read == expected, "\(text)")
                }
            }
        }
        // A control character is refused wherever it sits, as JSONDecoder refuses it.
        for position in 0..<17 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
            bytes[position] = 0x09
            let json = Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
            #expect(throws: (any Error).self) {
                try json.withUnsafeBytes { bytes in
                    var reader = JSONReader(bytes)
                    _ = try reader.readString()
                }
            }
        }
    }

    @Test("UUIDs in either case read as Foundation reads them; the fast path refuses a non-hex byte anywhere")
    func uuids() throws {
        let text = "6e4a3c1d-2b5f-4a8e-9c7d-1f0e2d3c4b5a"
        for candidate in [text, text.uppercased(), "00000000-0000-0000-0000-000000000000", "FFFFFFFF-ffff-AbCd-9999-aaaaaaaaaaaa"] {
            let read = try Data("\"\(candidate)\"".utf8).withUnsafeBytes { bytes in
                var reader = JSONReader(bytes)
                return try reader.readUUID()
            }
            #expect(read == UUID(uuidString: candidate))
        }
        for position in 0..<text.utf8.count {
            for bad in "gG/:@`-\" ".utf8 {
                var bytes = Array(text.utf8)
                guard bytes[position] != bad else { continue }
                bytes[position] = bad
                let json = Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
                // (Foundation's own parser accepts some of these; `JobEventCodec.decode` then gives
                // whatever `JSONDecoder` gives, because the fast path refuses them.)
                #expect(throws: (any Error).self) {
                    try json.withUnsafeBytes { bytes in
                        var reader = JSONReader(bytes)
                        _ = try reader.readUUID()
                    }
                }
            }
        }
    }

    @Test("random corruptions never make the two paths disagree")
    func fuzz() async throws {
        var generator = SplitMix64(seed: 0x6B6F_6D66_7900)
        let inputs = try JobEventSamples.all.map { try codec.encode($0.envelope) }
        let alphabet = Array("{}[]\":,0123456789-.eE tfnul\\ax".utf8)
        var fastPathUsed = 0
        for round in 0..<4000 {
            // Most rounds throw, and swift-testing records a backtrace per thrown error: seconds in
            // all. Give the cooperative pool's threads back to the tests running in parallel.
            if round % 200 == 0 { await Task.yield() }
            var bytes = [UInt8](inputs[Int(generator.next() % UInt64(inputs.count))])
            for _ in 0...(generator.next() % 3) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                default: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            let data = Data(bytes)
            let reference = Result { try codec.decodeWithFoundation(data) }
            guard let fast = try? JobEventFastDecoder.decode(data) else { continue }
            fastPathUsed += 1
            switch reference {
            case .success(let expected):
                #expect(fast == expected, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            case .failure(let error):
                Issue.record("round \(round): fast path accepted what JSONDecoder refuses (\(error)): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(fastPathUsed > 100, "the corruptions should often leave a readable record")
    }
}
