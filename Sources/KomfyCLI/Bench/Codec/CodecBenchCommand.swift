import ArgumentParser
import Foundation
import KomfyEvents
import KomfyWorkflow

/// `komfy bench codec`: the pure work of accepting and reading back a submission, on one core, each
/// against its Foundation baseline measured in the same run: the request body parsed into
/// `JSONValue`, the structural check, the `JobSubmitted` record encoded, and decoded in full and as
/// the read model reads it (without the prompt).
struct CodecBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Parse, check, encode and decode the seed submission on one core, against JSONDecoder/JSONEncoder in the same run.")

    @Option(name: .long, help: "Seconds of each measured run (after a warm-up of a fifth of it).")
    var duration: Double = 2

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be more than 0 seconds") }
    }

    func run() async throws {
        Console.lineBuffered()
        let loop = OneCoreLoop(duration: duration)
        let body = Data(BenchWorkflow.komfyBody.utf8)
        let request = try JSONValue.parse(body)
        let prompt = request["prompt"]!
        let codec = JobEventCodec()
        let envelope = JobEventEnvelope(
            id: EventID.named("bench-codec"), jobID: EventID.named("bench-codec-job"), occurredAt: .now(),
            producer: "ingest/bench", correlationID: EventID.named("bench-codec-job"),
            event: .submitted(JobSubmitted(tenant: "bench", prompt: prompt, source: .http, requestID: "req_bench",
                                           apiKeyID: "key_0123456789abcdef", plan: "pro")))
        let record = try codec.encode(envelope)
        guard try codec.decodeWithFoundation(record) == envelope else { throw ValidationError("the record does not read back") }
        print("Seed submission: body \(body.count) bytes, JobSubmitted record \(record.count) bytes; \(duration) s each on one core")

        let rows: [(String, OneCoreLoop.Measurement, OneCoreLoop.Measurement?)] = [
            ("body -> JSONValue", try loop.measure { _ = try JSONValue.parse(body) },
             try loop.measure { _ = try JSONDecoder().decode(JSONValue.self, from: body) }),
            ("WorkflowStructure.check", loop.measure { _ = WorkflowStructure.check(prompt) }, nil),
            ("JobSubmitted -> record", try loop.measure { _ = try codec.encode(envelope) },
             try loop.measure { _ = try codec.encodeWithFoundation(envelope) }),
            ("record -> JobSubmitted", try loop.measure { _ = try codec.decode(record) },
             try loop.measure { _ = try codec.decodeWithFoundation(record) }),
            ("record -> without prompt", try loop.measure { _ = try codec.decode(record, skippingPrompt: true) }, nil),
        ]
        print("  " + "step".padding(toLength: 28, withPad: " ", startingAt: 0) + "Komfy µs    Foundation µs    speed-up")
        for (name, komfy, foundation) in rows {
            let reference = foundation.map { String(format: "%13.2f %10.1fx", $0.microseconds, $0.microseconds / komfy.microseconds) } ?? ""
            print("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%8.2f", komfy.microseconds) + "  " + reference)
        }
    }
}
