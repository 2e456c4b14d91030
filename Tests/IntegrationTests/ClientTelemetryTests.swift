import Foundation
import KomfyKafka
import KomfyTestSupport
import Logging
import Synchronization
import Testing

/// Komfy's clients push no metrics to the broker (KIP-714): with the push on, every client asked
/// the broker for a telemetry subscription every few seconds, and destroying one waited about a
/// second for its telemetry thread, on whichever thread dropped the last reference (53 such
/// seconds in one test run, each holding a thread of the cooperative pool).
@Suite("Client metrics push is off")
struct ClientTelemetryTests {
    @Test("a producer's requests to the broker include no telemetry subscription")
    func noTelemetryRequests() async throws {
        let topic = try await TestKafka.createTopic("telemetry", partitions: 1)
        let lines = LogLines()
        let logger = Logger(label: "komfy.test.telemetry") { _ in
            EventLogHandler { event, _ in lines.all.withLock { $0.append("\(event.message)") } }
        }
        var configuration = KafkaProducerConfiguration(client: try await TestKafka.client())
        configuration.client.extraProperties["debug"] = "protocol"
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        try await producer.send(KafkaOutgoingRecord(topic: topic, key: "k", value: Data("v".utf8)))
        try await producer.close()
        let sent = lines.all.withLock { $0 }.filter { $0.contains("Sent ") }
        // The debug log is really captured: the produce request is in it.
        #expect(sent.contains { $0.contains("ProduceRequest") }, "\(sent)")
        #expect(!sent.contains { $0.contains("Telemetry") }, "\(sent.filter { $0.contains("Telemetry") })")
    }
}

private final class LogLines: Sendable {
    let all = Mutex<[String]>([])
}
