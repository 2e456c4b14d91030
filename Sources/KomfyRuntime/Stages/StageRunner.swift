import Foundation
import KomfyEvents
import KomfyKafka
import Logging
import ServiceLifecycle
import Synchronization

/// The loop every stage runs (DESIGN.md section 5), written once.
///
/// It reads the input topic as a member of the stage's consumer group and, for each record whose
/// `komfy-type` is one of the handler's triggers, decodes the event, runs the handler, and appends
/// the handler's events (idempotent producer, acks=all). Input offsets are committed only after
/// the outputs are acknowledged, so a crash repeats work and never loses it; the handler's
/// deterministic event ids make the repeat harmless.
///
/// - Concurrency: up to `maxInFlight` records are handled at once; records with the same key (the
///   same job) run one after the other, in log order. When the limit is reached the runner pauses
///   its partitions and keeps polling, so it stays in the group however long handlers take.
/// - Commits: per partition, up to the lowest unfinished record (`OffsetTracker`), at most every
///   `commitInterval`, and at once when partitions are revoked or the runner stops.
/// - Poison records: a record that cannot be decoded, or whose handler still throws after
///   `maxAttempts` tries, is copied to `komfy.dead-letters` with the reason in headers, and the stage
///   moves on.
/// - Rebalances: a revoked partition's in-flight records get `revokeGrace` to finish and be
///   committed before the partition goes to another instance.
/// - Shutdown (graceful, via ServiceLifecycle): polling stops, running handlers finish, retries
///   waiting for their next try are abandoned uncommitted, what is done is committed.
public final class StageRunner<Handler: StageHandler>: Service, Sendable {
    public let configuration: StageConfiguration
    private let handler: Handler
    private let codec: JobEventCodec
    private let logger: Logger
    private let state = Mutex(RunState())
    private let consumerBox = Mutex<KafkaConsumer?>(nil)
    private let counters = StageCounters()
    private let commitInterval: Duration = .milliseconds(200)

    private struct RunState: Sendable {
        var tracker = OffsetTracker()
        /// Handlers running or waiting to retry.
        var running = 0
        /// The last task of each key with work queued, which the next record of that key waits for.
        var tails: [Data: (id: Int, task: Task<Void, Never>)] = [:]
        var nextTaskID = 0
        var stopping = false
    }

    public init(configuration: StageConfiguration, handler: Handler, codec: JobEventCodec = JobEventCodec(),
                logger: Logger) {
        self.configuration = configuration
        self.handler = handler
        self.codec = codec
        self.logger = logger
    }

    /// Counts since start, for metrics and tests.
    public var statistics: StageStatistics { counters.snapshot }

    public func run() async throws {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: configuration.kafka, mode: .group(id: configuration.groupID, topics: [configuration.inputTopic])),
            rebalanceHandler: { [self] event in await rebalanced(event) },
            logger: logger)
        consumerBox.withLock { $0 = consumer }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: configuration.kafka), logger: logger)
        logger.info("Stage started", metadata: [
            "komfy.stage": "\(configuration.stage)", "group": "\(configuration.groupID)", "input": "\(configuration.inputTopic)"])
        do {
            try await cancelWhenGracefulShutdown {
                try await self.pollLoop(consumer: consumer, producer: producer)
            }
        } catch is CancellationError {
            // A graceful shutdown: finish below.
        }
        // Finishing must not be cut short by the cancellation that ended the loop.
        await Task { await self.stop(consumer: consumer, producer: producer) }.value
    }

    private func pollLoop(consumer: KafkaConsumer, producer: KafkaProducer) async throws {
        var paused = false
        var lastCommit = ContinuousClock.now
        while !Task.isCancelled {
            let room = configuration.maxInFlight - state.withLock { $0.running }
            if room <= 0, !paused {
                try consumer.pause(consumer.assignment())
                paused = true
            } else if room > 0, paused {
                try consumer.resume(consumer.assignment())
                paused = false
            }
            let records = try await consumer.poll(maxRecords: max(room, 1), timeout: .milliseconds(100))
            for record in records {
                accept(record, producer: producer)
            }
            if ContinuousClock.now - lastCommit >= commitInterval {
                await commit(consumer: consumer)
                lastCommit = .now
            }
        }
    }

    /// Starts the handler of a trigger record (after the previous record of its key), or marks a
    /// record of another type as done.
    private func accept(_ record: KafkaRecord, producer: KafkaProducer) {
        let partition = record.topicPartition
        guard let type = record.headerString(JobEventCodec.typeHeader), handler.triggers.contains(type) else {
            state.withLock { $0.tracker.received(partition, offset: record.offset); $0.tracker.finished(partition, offset: record.offset) }
            counters.passedOver.add(1, ordering: .relaxed)
            return
        }
        state.withLock { run in
            run.tracker.received(partition, offset: record.offset)
            run.running += 1
            run.nextTaskID += 1
            let taskID = run.nextTaskID
            let previous = record.key.flatMap { run.tails[$0]?.task }
            let task = Task { [self] in
                await previous?.value
                let done = await process(record, producer: producer)
                state.withLock { run in
                    run.running -= 1
                    if done { run.tracker.finished(partition, offset: record.offset) }
                    if let key = record.key, run.tails[key]?.id == taskID { run.tails[key] = nil }
                }
            }
            if let key = record.key { run.tails[key] = (taskID, task) }
        }
    }

    /// Handles one record to the end. Returns false when it was abandoned (the runner is stopping),
    /// so its offset stays uncommitted.
    private func process(_ record: KafkaRecord, producer: KafkaProducer) async -> Bool {
        let event: JobEventEnvelope
        do {
            event = try codec.decode(record.value)
        } catch {
            // Decoding is deterministic: trying again cannot help.
            return await deadLetter(record, reason: "undecodable event: \(error)", attempts: 1, producer: producer)
        }
        var attempt = 1
        while true {
            do {
                let outputs = try await handler.handle(event, record: record)
                if !outputs.isEmpty {
                    let records = try outputs.map { try JobEventRecord.make($0, topic: configuration.outputTopic, codec: codec) }
                    _ = try await producer.send(records)
                }
                counters.handled.add(1, ordering: .relaxed)
                return true
            } catch {
                if attempt >= configuration.maxAttempts {
                    return await deadLetter(record, reason: "\(error)", attempts: attempt, producer: producer)
                }
                counters.retried.add(1, ordering: .relaxed)
                logger.warning("Stage handler failed; trying again", metadata: [
                    "komfy.stage": "\(configuration.stage)", "komfy.job_id": "\(event.jobID)",
                    "attempt": "\(attempt)", "error": "\(error)"])
                guard await pause(configuration.retryBackoff * (1 << min(attempt - 1, 10))) else { return false }
                attempt += 1
            }
        }
    }

    /// Copies a record the stage cannot process to the dead letters, with why, and keeps trying
    /// until that copy is safe (a poison record is never dropped silently).
    private func deadLetter(_ record: KafkaRecord, reason: String, attempts: Int, producer: KafkaProducer) async -> Bool {
        let letter = DeadLetter.record(of: record, stage: configuration.stage, reason: reason, attempts: attempts,
                                       topic: configuration.deadLetterTopic)
        var wait = configuration.retryBackoff
        while true {
            do {
                _ = try await producer.send(letter)
                counters.deadLettered.add(1, ordering: .relaxed)
                logger.error("Record sent to the dead letters", metadata: [
                    "komfy.stage": "\(configuration.stage)", "topic": "\(record.topic)", "partition": "\(record.partition)",
                    "offset": "\(record.offset)", "attempts": "\(attempts)", "reason": "\(reason)"])
                return true
            } catch {
                logger.error("Could not write a dead letter; trying again", metadata: ["error": "\(error)"])
                guard await pause(wait) else { return false }
                wait = min(wait * 2, .seconds(5))
            }
        }
    }

    /// Sleeps unless the runner is stopping; false when it is.
    private func pause(_ duration: Duration) async -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.stopping }) { return false }
            try? await Task.sleep(for: min(.milliseconds(50), deadline - .now))
        }
        return !state.withLock { $0.stopping }
    }

    private func commit(consumer: KafkaConsumer, only partitions: Set<KafkaTopicPartition>? = nil) async {
        let offsets = state.withLock { $0.tracker.committable(in: partitions) }
        guard !offsets.isEmpty else { return }
        do {
            try await consumer.commit(offsets)
            state.withLock { $0.tracker.markCommitted(offsets) }
        } catch {
            logger.warning("Committing the stage's offsets failed; they are committed with the next ones",
                           metadata: ["komfy.stage": "\(configuration.stage)", "error": "\(error)"])
        }
    }

    private func rebalanced(_ event: KafkaRebalanceEvent) async {
        switch event {
        case .assigned(let partitions):
            logger.info("Partitions assigned", metadata: ["komfy.stage": "\(configuration.stage)", "count": "\(partitions.count)"])
        case .revoked(let partitions):
            let revoked = Set(partitions)
            let deadline = ContinuousClock.now + configuration.revokeGrace
            while state.withLock({ $0.tracker.unfinishedCount(in: revoked) }) > 0, ContinuousClock.now < deadline,
                  !state.withLock({ $0.stopping }) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if let consumer = consumerBox.withLock({ $0 }) {
                await commit(consumer: consumer, only: revoked)
            }
            state.withLock { $0.tracker.forget(revoked) }
        case .lost(let partitions):
            state.withLock { $0.tracker.forget(partitions) }
        }
    }

    private func stop(consumer: KafkaConsumer, producer: KafkaProducer) async {
        state.withLock { $0.stopping = true }
        let deadline = ContinuousClock.now + configuration.revokeGrace
        while state.withLock({ $0.running }) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await commit(consumer: consumer)
        do {
            try await consumer.close()
            try await producer.close()
        } catch {
            logger.warning("Closing the stage's Kafka clients failed", metadata: ["error": "\(error)"])
        }
        logger.info("Stage stopped", metadata: ["komfy.stage": "\(configuration.stage)"])
    }
}

/// What a stage runner did since it started.
public struct StageStatistics: Sendable, Hashable {
    /// Trigger events whose outputs were appended.
    public var handled: Int
    /// Records of other types, skipped by their header.
    public var passedOver: Int
    /// Failed tries that were tried again.
    public var retried: Int
    /// Records copied to the dead letters.
    public var deadLettered: Int
}

private final class StageCounters: Sendable {
    let handled = Atomic<Int>(0)
    let passedOver = Atomic<Int>(0)
    let retried = Atomic<Int>(0)
    let deadLettered = Atomic<Int>(0)

    var snapshot: StageStatistics {
        StageStatistics(handled: handled.load(ordering: .relaxed), passedOver: passedOver.load(ordering: .relaxed),
                        retried: retried.load(ordering: .relaxed), deadLettered: deadLettered.load(ordering: .relaxed))
    }
}
