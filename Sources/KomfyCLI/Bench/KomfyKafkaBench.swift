import Foundation
import KomfyRuntime
import KomfyEvents
import KomfyKafka
import Logging

/// The KomfyKafka side of `komfy bench kafka`, timed like rdkafka_performance times itself:
/// produce from the first send to the last acknowledgement, consume from the first record received
/// to the last one decoded. The CPU time is the whole process's (every thread, librdkafka's too)
/// from the client's creation to its close.
enum KomfyKafkaBench {
    static func produce(client: KafkaClientConfiguration, topic: String, keys: [String], payloads: [Data],
                        logger: Logger) async throws -> BenchMeasurement {
        // Records are built before the CPU clock starts: rdkafka_performance reuses one buffer too.
        let header = [KafkaHeader(name: JobEventCodec.typeHeader, string: JobExecuted.eventType)]
        let chunk = 10_000
        let chunks = stride(from: 0, to: payloads.count, by: chunk).map { lower in
            (lower..<min(lower + chunk, payloads.count)).map {
                KafkaOutgoingRecord(topic: topic, key: keys[$0], value: payloads[$0], headers: header)
            }
        }
        let before = BenchUsage.own
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for records in chunks {
                if inFlight == 8 {
                    try await group.next()
                    inFlight -= 1
                }
                group.addTask { try await producer.send(records) }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        try await producer.close()
        return BenchMeasurement(rate: Double(payloads.count) / elapsed.seconds, usage: BenchUsage.own - before,
                                count: payloads.count)
    }

    /// Reads `count` records; with `decode`, decodes each with `JobEventCodec` and checks it.
    /// With `decodeInParallel`, each polled batch is decoded in two halves at once, one by a child
    /// task: decoding costs more than reading, and one task decoding leaves the second core idle.
    static func consume(client: KafkaClientConfiguration, topic: String, count: Int, decode: Bool,
                        decodeInParallel: Bool = false, logger: Logger) async throws -> BenchMeasurement {
        let before = BenchUsage.own
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, mode: .broadcast(topics: [topic])), logger: logger)
        let codec = JobEventCodec()
        var decoded = 0
        var outputs = 0
        var start: ContinuousClock.Instant?
        while decoded < count {
            // Prefetching: the next batch is fetched while this one is decoded, as a stage reads.
            let records = try await consumer.poll(timeout: .seconds(10), prefetch: true)
            guard !records.isEmpty else { throw BenchError("no records for 10 s after \(decoded) of \(count)") }
            if start == nil { start = .now }
            decoded += records.count
            guard decode else {
                outputs += 3 * records.count
                continue
            }
            if decodeInParallel, records.count > 1 {
                let half = records.count / 2
                async let first = decodedOutputs(records[..<half], codec)
                let second = try decodedOutputs(records[half...], codec)
                outputs += try await first + second
            } else {
                outputs += try decodedOutputs(records[...], codec)
            }
        }
        let elapsed = ContinuousClock.now - start!
        try await consumer.close()
        let usage = BenchUsage.own - before
        guard outputs == count * 3 else { throw BenchError("decoded \(outputs) outputs, expected \(count * 3)") }
        return BenchMeasurement(rate: Double(count) / elapsed.seconds, usage: usage, count: count)
    }

    /// Decodes every record into its typed event; returns the number of outputs the `JobExecuted`s list.
    private static func decodedOutputs(_ records: ArraySlice<KafkaRecord>, _ codec: JobEventCodec) throws -> Int {
        var outputs = 0
        for record in records {
            let envelope = try codec.decode(record.value)
            if case .executed(let executed) = envelope.event { outputs += executed.outputs.count }
        }
        return outputs
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
