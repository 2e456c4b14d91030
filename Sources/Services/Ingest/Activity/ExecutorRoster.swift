import Foundation
import KomfyEvents
import KomfyKafka
import Logging
import ServiceLifecycle
import Synchronization

/// The executors the fleet has now, from their heartbeats on `komfy.executor-status`: the divisor
/// of `estimated_wait_seconds`. With none heard from (none started yet, or all gone), estimates
/// assume one, so a queued job still gets a finite, if pessimistic, wait.
final class ExecutorRoster: Service, Sendable {
    private let latest = Mutex<[String: ExecutorHeartbeat]>([:])
    private let kafka: KafkaClientConfiguration
    private let topic: String
    private let logger: Logger

    init(kafka: KafkaClientConfiguration, topic: String, logger: Logger) {
        self.kafka = kafka
        self.topic = topic
        self.logger = logger
    }

    /// Executors with a live heartbeat at `now`, at least one.
    func liveCount(at now: Timestamp = .now()) -> Int {
        max(1, latest.withLock { $0.values.filter { $0.isLive(at: now) }.count })
    }

    func run() async throws {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: kafka, mode: .broadcast(topics: [topic])), logger: logger)
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.apply(try await consumer.poll(timeout: .milliseconds(500)))
            }
        }
        try await consumer.close()
    }

    func apply(_ records: [KafkaRecord]) {
        let decoder = JSONDecoder()
        latest.withLock { latest in
            for record in records {
                switch record.headerString(JobEventCodec.typeHeader) {
                case ExecutorHeartbeat.eventType:
                    if let heartbeat = try? decoder.decode(ExecutorHeartbeat.self, from: record.value) {
                        latest[heartbeat.executorID] = heartbeat
                    }
                case ExecutorStopped.eventType:
                    if let stopped = try? decoder.decode(ExecutorStopped.self, from: record.value) {
                        latest[stopped.executorID] = nil
                    }
                default:
                    continue
                }
            }
        }
    }
}
