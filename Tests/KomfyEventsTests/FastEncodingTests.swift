import Foundation
import KomfyTestRandom
import Testing

@testable import KomfyEvents

/// `JobEventCodec.encode` writes records with `JobEventFastEncoder` and falls back to `JSONEncoder`.
/// Stored bytes must not depend on which path wrote them, so these tests hold the two byte-for-byte
/// equal.
/// The shared seeded generator (this target also has a local `SplitMix64` of its own).
private typealias SeededRandom = KomfyTestRandom.SplitMix64

@Suite("JobEventCodec: the fast encoding path writes JSONEncoder's bytes")
struct FastEncodingTests {
    let codec = JobEventCodec()

    @Test("every sample is written byte for byte as JSONEncoder writes it", arguments: JobEventSamples.all)
    func samples(_ sample: JobEventSample) throws {
        let fast = try #require(JobEventFastEncoder.encode(sample.envelope))
        let reference = try codec.encodeWithFoundation(sample.envelope)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        #expect(try codec.encode(sample.envelope) == reference)
    }

    @Test("every event type has a fast writer")
    func everyType() {
        let missing = JobEvent.payloadTypes.filter { !($0 is any FastEncodable.Type) }.map { $0.eventType }
        #expect(missing.isEmpty)
    }

    @Test("optional fields absent and present, envelope ids absent, times at the edges of 0...9999")
    func optionalsAndEdges() throws {
        let failed = WebhookFailed(url: "https://hooks.example.com/a?b=c&d=/e", attempt: 3, statusCode: nil,
                                   error: "timed out after 30 s", nextAttemptAt: Timestamp(millisecondsSinceEpoch: -62_167_219_200_000))
        let payloads: [any JobEventPayload] = [
            JobSubmitted(tenant: "t", prompt: [:], source: .http),
            JobSubmitted(tenant: "t\u{0}\u{1F}\"\\/", prompt: ["a": []], webhookURL: "https://x.example/h", clientID: "c",
                         source: .kafka, priority: -7, idempotencyKey: "k", requestID: "r", apiKeyID: "key_1", plan: "free",
                         metadata: .null),
            JobFailed(stage: .executor, attempt: nil, error: JobError(code: .oomError, message: "m")),
            JobFailed(stage: .executor, attempt: 2, error: JobError(code: .executionError, message: "m", nodeID: "5",
                                                                   exceptionType: "RuntimeError", details: ["x": 1.5])),
            failed,
            WebhookFailed(url: "u", attempt: 1, statusCode: 503, error: nil,
                          nextAttemptAt: Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)),
            NodeExecuting(attempt: 1, nodeID: "9", classType: nil),
            ReadyModelsSample.payload,
        ]
        for (index, payload) in payloads.enumerated() {
            for ids in [false, true] {
                let envelope = JobEventEnvelope(
                    id: EventID.named("event-\(index)"), jobID: EventID.named("job"),
                    occurredAt: Timestamp(millisecondsSinceEpoch: Int64(index) * 1_000_000_007),
                    producer: "ingest/é😀", causationID: ids ? EventID.named("cause") : nil,
                    correlationID: ids ? EventID.named("request") : nil, event: JobEvent(payload))
                let fast = try #require(JobEventFastEncoder.encode(envelope))
                #expect(String(decoding: fast, as: UTF8.self)
                        == String(decoding: try codec.encodeWithFoundation(envelope), as: UTF8.self))
            }
        }
    }

    @Test("random JSON documents (escapes, Unicode, every number kind, nesting) are written as JSONEncoder writes them")
    func randomPrompts() throws {
        var random = SeededRandom(seed: 0x5EED_F457)
        for round in 0..<400 {
            let prompt = RandomJSON.value(depth: 0, using: &random)
            let envelope = JobEventEnvelope(
                id: EventID.named("random-\(round)"), jobID: EventID.named("random-job"),
                occurredAt: Timestamp(millisecondsSinceEpoch: Int64(random.next() % 4_000_000_000_000)),
                producer: "ingest/test", event: .submitted(JobSubmitted(tenant: "t", prompt: prompt, source: .http,
                                                                          metadata: RandomJSON.value(depth: 2, using: &random))))
            let fast = try #require(JobEventFastEncoder.encode(envelope), "round \(round)")
            let reference = try codec.encodeWithFoundation(envelope)
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self), "round \(round)")
        }
    }

    @Test("a NaN or an infinity is refused with JSONEncoder's error, never written")
    func nonConformingFloats() {
        for number in [Double.nan, .infinity, -.infinity] {
            let envelope = JobEventEnvelope(
                id: EventID.named("nan"), jobID: EventID.named("nan-job"), occurredAt: Timestamp(millisecondsSinceEpoch: 0),
                producer: "p", event: .submitted(JobSubmitted(tenant: "t", prompt: ["cfg": .double(number)], source: .http)))
            #expect(JobEventFastEncoder.encode(envelope) == nil)
            #expect(throws: EncodingError.self) { try codec.encode(envelope) }
        }
    }
}

private enum ReadyModelsSample {
    static let payload = JobModelsReady(models: [
        ReadyModel(url: "https://huggingface.co/a/b.safetensors", sha256: String(repeating: "ab", count: 32),
                   file: "sha256-ab.safetensors", folder: "checkpoints", bytes: 2_132_625_894),
        ReadyModel(name: "local.safetensors", sha256: String(repeating: "0f", count: 32), file: "f", folder: "loras", bytes: 0),
    ])
}

/// Random JSON with the values that are easy to write wrongly.
private enum RandomJSON {
    static let strings = ["", "KSampler", "a\"b", "back\\slash", "/slash/", "tab\there", "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}",
                          "line\nbreak\r", "é", "😀 lion", "\u{7F}", "\u{2028}", "日本語", "ComfyUI_00001_.png"]
    static let doubles: [Double] = [0, -0.0, 7, 7.5, 0.1, 1e-7, 1e16, 1e21, 123_456_789.125, -2.5e-300,
                                    .greatestFiniteMagnitude, .leastNonzeroMagnitude, 1.0 / 3]

    static func value(depth: Int, using random: inout SeededRandom) -> JSONValue {
        let scalarKinds = 6
        let kind = depth >= 4 ? random.int(in: 0...(scalarKinds - 1)) : random.int(in: 0...(scalarKinds + 1))
        switch kind {
        case 0: return .null
        case 1: return .bool(random.chance(0.5))
        case 2:
            let edges: [Int64] = [0, -1, 1, 9, 10, 99, 100, .max, .min, 18_446_744_073]
            return .int(random.chance(0.5) ? edges.randomElement(using: &random)! : Int64(bitPattern: random.next()))
        case 3: return .uint(random.chance(0.5) ? .max : UInt64(Int64.max) + random.next() % 1000 + 1)
        case 4: return .double(random.chance(0.5) ? doubles.randomElement(using: &random)! : randomDouble(using: &random))
        case 5: return .string(string(using: &random))
        case 6: return .array((0..<random.int(in: 0...4)).map { _ in value(depth: depth + 1, using: &random) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.int(in: 0...6) { members[string(using: &random)] = value(depth: depth + 1, using: &random) }
            return .object(members)
        }
    }

    /// Any finite double: random sign, exponent and mantissa.
    static func randomDouble(using random: inout SeededRandom) -> Double {
        let exponent = UInt64(random.int(in: 0...2046)) << 52
        return Double(bitPattern: (random.next() & 0x800F_FFFF_FFFF_FFFF) | exponent)
    }

    static func string(using random: inout SeededRandom) -> String {
        (0..<random.int(in: 1...3)).map { _ in strings.randomElement(using: &random)! }.joined()
            + (random.chance(0.3) ? String(random.next() % 100) : "")
    }
}
