import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import Logging

/// The read model's cost per new job, for `komfy bench read-model`: the projector's own `apply` (the
/// decode, the reducer, the SQLite transaction) over batches of `JobSubmitted` records of the seed
/// workflow, into a store that already holds `preload` jobs, with the new jobs' ids minted one way
/// or the other. No broker: the records are made here as the producer would send them.
public enum ReadModelWriteBench {
    public enum JobIDs: String, Sendable, CaseIterable {
        /// Version 4, what ingest minted until 2026-12-03 (and what derived ids still look like).
        case random
        /// Version 7, `JobIDMinter`'s.
        case timeOrdered = "time-ordered"
    }

    public struct Measurement: Sendable {
        /// CPU time (user + system) of the applying thread per job, in microseconds.
        public var cpuMicrosecondsPerJob: Double
        public var jobsPerSecond: Double
        /// The store's file (with its write-ahead log) at the end.
        public var bytes: Int64
    }

    /// Applies `preload` jobs untimed, then `jobs` more timed, `batch` per transaction, in a new
    /// store under `directory`, which is removed afterwards.
    public static func measure(ids: JobIDs, prompt: JSONValue, preload: Int, jobs: Int, batch: Int,
                               directory: URL) async throws -> Measurement {
        let scratch = directory.appendingPathComponent("read-model-\(ids.rawValue)-\(RandomUUID.make().lowercasedString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try JobStore(path: scratch.appendingPathComponent("read-model.sqlite"))
        let projector = JobProjector(store: store, kafka: KafkaClientConfiguration(bootstrapServers: []), topic: "bench",
                                     board: ActivityBoard(producerName: "ingest/bench"), feed: JobEventFeed(),
                                     metrics: IngestMetrics(), logger: Logger(label: "komfy.bench.read-model"))
        var offset: Int64 = 0
        var clock = Timestamp.now().millisecondsSinceEpoch
        func nextBatch() throws -> [KafkaRecord] {
            try (0..<batch).map { _ in
                // A job every 0.25 ms, as at 4,000 submissions a second.
                offset += 1
                if offset % 4 == 0 { clock += 1 }
                let jobID = ids == .random ? RandomUUID.make() : RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: clock)
                let envelope = JobEventEnvelope(
                    id: EventID.derived(from: jobID, type: JobSubmitted.eventType), jobID: jobID,
                    occurredAt: Timestamp(millisecondsSinceEpoch: clock), producer: "ingest/bench", causationID: nil,
                    correlationID: jobID, event: .submitted(JobSubmitted(
                        tenant: "bench", prompt: prompt, source: .http, requestID: "req_bench",
                        apiKeyID: "key_0123456789abcdef", plan: "pro")))
                let outgoing = try JobEventRecord.make(envelope, topic: "bench")
                return KafkaRecord(topic: "bench", partition: 0, offset: offset, key: outgoing.key, value: outgoing.value,
                                   headers: outgoing.headers, timestamp: clock)
            }
        }
        for _ in 0..<(preload / batch) { try await projector.apply(try nextBatch()) }
        let batches = try (0..<(jobs / batch)).map { _ in try nextBatch() }
        // The projector's writes run on its own thread: that thread's CPU time is the cost.
        let (cpu, seconds) = try await projector.measuringWorkerCPU {
            for records in batches { try await projector.apply(records) }
        }
        let files = [scratch.appendingPathComponent("read-model.sqlite"), scratch.appendingPathComponent("read-model.sqlite-wal")]
        let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int64 }.reduce(0, +)
        let count = Double(batches.count * batch)
        return Measurement(cpuMicrosecondsPerJob: cpu / count, jobsPerSecond: count / seconds, bytes: bytes)
    }
}
