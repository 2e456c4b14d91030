import Foundation
import KomfyEvents
import KomfyJobs
import KomfyKafka
import KomfyRuntime
import Logging
import ServiceLifecycle
import Synchronization

/// Folds `komfy.job-events` through the `JobState` reducer into the read model.
///
/// It reads every partition on its own (broadcast mode: each ingest instance keeps a full read model)
/// from the positions stored with the data, so a restart resumes exactly where the last committed
/// batch ended, and `komfy replay rebuild` (a reset store) starts again from offset 0.
final class JobProjector: Service, Sendable {
    private let store: JobStore
    private let kafka: KafkaClientConfiguration
    private let topic: String
    private let board: ActivityBoard
    private let feed: JobEventFeed
    private let metrics: IngestMetrics
    private let codec = JobEventCodec()
    private let logger: Logger
    /// The states of recently active jobs, so a batch does not re-read each job's history. Only the
    /// projector touches it, one batch at a time.
    private let states: Mutex<StateCache>
    private let caughtUp = Atomic<Bool>(false)
    /// How long to stop fetching after a small batch (see `run`); zero reads continuously.
    let pacing: Duration
    /// Batches smaller than this count as a trickle.
    private let pacingBatch = 500
    /// Where batches are decoded and written.
    private let worker = BackgroundThread(name: "komfy.readmodel")

    init(store: JobStore, kafka: KafkaClientConfiguration, topic: String, board: ActivityBoard, feed: JobEventFeed,
         metrics: IngestMetrics, pacing: Duration = .zero, logger: Logger) {
        self.store = store
        self.kafka = kafka
        self.topic = topic
        self.board = board
        self.feed = feed
        self.metrics = metrics
        self.logger = logger
        self.pacing = pacing
        states = Mutex(StateCache(capacity: 50_000))
    }

    /// True once the projector has read everything the log held when it started (readiness).
    var isCaughtUp: Bool { caughtUp.load(ordering: .acquiring) }

    func run() async throws {
        let (consumer, stored) = try await makeConsumer()
        try await cancelWhenGracefulShutdown {
            var catchUp = try await StartupCatchUp.of(consumer, startingAt: stored)
            let partitions = try consumer.assignment()
            while !Task.isCancelled {
                let records = try await consumer.poll(timeout: .milliseconds(200))
                if !records.isEmpty { try await self.apply(records) }
                catchUp.read(records)
                if catchUp.isDone { self.caughtUp.store(true, ordering: .releasing) }
                if catchUp.isDone, !records.isEmpty, records.count < self.pacingBatch, self.pacing > .zero {
                    // Caught up and reading a trickle: stop fetching for a moment, so the log is read
                    // in fewer, larger fetches. The broker pays per fetch (Tansu far more than per
                    // record), and reads right after a 202 are served from the pending jobs anyway.
                    try consumer.pause(partitions)
                    try? await Task.sleep(for: self.pacing)
                    try consumer.resume(partitions)
                }
            }
        }
        try await consumer.close()
    }

    /// Reads until the log has nothing more for now, then returns (for `komfy replay rebuild`).
    func catchUp() async throws {
        let (consumer, _) = try await makeConsumer()
        // The first poll also waits for the connection and the first fetch.
        var timeout = Duration.seconds(3)
        while true {
            let records = try await consumer.poll(timeout: timeout)
            timeout = .milliseconds(500)
            if records.isEmpty { break }
            try await apply(records)
        }
        try await consumer.close()
    }

    /// A consumer that starts at the stored positions, and those positions.
    private func makeConsumer() async throws -> (KafkaConsumer, [KafkaTopicPartition: Int64]) {
        var positions: [KafkaTopicPartition: Int64] = [:]
        for (partition, offset) in try store.positions(topic: topic) { positions[KafkaTopicPartition(topic, partition)] = offset }
        logger.info("Read model resuming", metadata: ["kafka.topic": "\(topic)", "partitions.stored": "\(positions.count)"])
        let consumer = try await KafkaConsumer(configuration: KafkaConsumerConfiguration(
            client: kafka, mode: .broadcast(topics: [topic], startAt: positions.mapValues { KafkaOffset($0) },
                                            defaultStart: .beginning)), logger: logger)
        return (consumer, positions)
    }

    /// Applies one batch in one transaction, with the positions after it. The decoding and the
    /// SQLite work run on the read model's own low-priority thread (`BackgroundThread`): no request
    /// waits for them, so on busy cores they give way to the threads that answer requests.
    func apply(_ records: [KafkaRecord]) async throws {
        let changes = try await worker.run { try self.project(records) }
        board.apply(changes)
        metrics.recordsRead(records.count)
        feed.publish(changes.map { ($0.after.jobID, $0.seq, $0.after.status.isTerminal) })
    }

    /// The CPU time the projector's thread spent while `body` ran (microseconds), and the wall time
    /// (seconds), for `ReadModelWriteBench`.
    func measuringWorkerCPU(_ body: () async throws -> Void) async throws -> (cpuMicroseconds: Double, seconds: Double) {
        let before = try await worker.run { CPUTime.thread() }
        let start = ContinuousClock.now
        try await body()
        let after = try await worker.run { CPUTime.thread() }
        return (after - before, (ContinuousClock.now - start).seconds)
    }

    private func project(_ records: [KafkaRecord]) throws -> [JobChange] {
        let decoded: [(KafkaRecord, JobEventEnvelope?)] = records.map { record in
            do {
                return (record, try Self.decode(record.value, codec: codec))
            } catch {
                logger.error("Skipping an undecodable job event", metadata: [
                    "kafka.partition": "\(record.partition)", "kafka.offset": "\(record.offset)", "error": "\(error)"])
                return (record, nil)
            }
        }
        let positions = KafkaConsumer.nextOffsets(after: records)
        return try store.writeOnThisThread { writer in
            var changes: [JobChange] = []
            try self.states.withLock { cache in
                for case let (record, envelope?) in decoded {
                    var state = try cache.state(of: envelope.jobID, writer: writer)
                    let before = state.map { StoredJob($0) }
                    let outcome = JobState.apply(envelope, to: &state)
                    guard outcome != .duplicate, let state else { continue }
                    cache.put(state)
                    let seq = try cache.nextSeq(of: envelope.jobID, writer: writer)
                    try writer.appendEvent(jobID: envelope.jobID, seq: seq, eventID: envelope.id,
                                           type: envelope.event.type, value: record.value)
                    let after = StoredJob(state)
                    if after != before { try writer.upsert(after) }
                    changes.append(JobChange(before: before, after: after, event: envelope, seq: seq))
                }
            }
            for (partition, offset) in positions {
                try writer.savePosition(topic: partition.topic, partition: partition.partition, nextOffset: offset)
            }
            return changes
        }
    }
}

extension JobProjector {
    /// Decodes an event for the read model. The API never shows a job's workflow, so a
    /// `JobSubmitted` is read without its prompt (parsing it was most of the projector's decoding
    /// work), except when the submission has an `Idempotency-Key`: its fingerprint covers the prompt.
    static func decode(_ value: Data, codec: JobEventCodec) throws -> JobEventEnvelope {
        let envelope = try codec.decode(value, skippingPrompt: true)
        if case .submitted(let submission) = envelope.event, submission.idempotencyKey != nil {
            return try codec.decode(value)
        }
        return envelope
    }
}

/// What one event did to one job, for the activity board and the SSE feed.
struct JobChange: Sendable {
    var before: StoredJob?
    var after: StoredJob
    var event: JobEventEnvelope
    var seq: Int
}

/// Job states and event counts the projector keeps in memory, falling back to the stored history.
struct StateCache {
    private var states: [UUID: JobState] = [:]
    private var seqs: [UUID: Int] = [:]
    private var order: [UUID] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func state(of jobID: UUID, writer: JobStore.Writer) throws -> JobState? {
        if let state = states[jobID] { return state }
        let history = try writer.events(of: jobID)
        guard !history.isEmpty else { return nil }
        let codec = JobEventCodec()
        let state = JobState.fold(history.compactMap { try? JobProjector.decode($0.value, codec: codec) })
        seqs[jobID] = history.count
        if let state { put(state) }
        return state
    }

    mutating func nextSeq(of jobID: UUID, writer: JobStore.Writer) throws -> Int {
        let next = (seqs[jobID] ?? 0) + 1
        seqs[jobID] = next
        return next
    }

    mutating func put(_ state: JobState) {
        if states.updateValue(state, forKey: state.jobID) == nil { order.append(state.jobID) }
        if order.count > capacity {
            // Forget the oldest half; they are re-read from the store if they ever move again.
            for jobID in order.prefix(capacity / 2) {
                states[jobID] = nil
                seqs[jobID] = nil
            }
            order.removeFirst(capacity / 2)
        }
    }
}
