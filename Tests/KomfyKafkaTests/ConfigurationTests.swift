import Foundation
import Testing
@testable import KomfyKafka

@Suite("Client configuration")
struct ConfigurationTests {
    @Test("producer defaults are Komfy's: idempotent, acks=all, zstd")
    func producerDefaults() {
        let properties = KafkaProducerConfiguration().properties
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["compression.codec"] == "zstd")
        #expect(properties["linger.ms"] == "5")
        #expect(properties["transactional.id"] == nil)
        #expect(properties["bootstrap.servers"] == "127.0.0.1:9092")
    }

    @Test("extra properties win over typed settings")
    func extraPropertiesWin() {
        var configuration = KafkaProducerConfiguration()
        configuration.client.extraProperties = ["linger.ms": "50", "socket.keepalive.enable": "true"]
        #expect(configuration.properties["linger.ms"] == "50")
        #expect(configuration.properties["socket.keepalive.enable"] == "true")
    }

    @Test("consumers never commit on their own and start at the earliest record")
    func consumerDefaults() {
        let group = KafkaConsumerConfiguration(mode: .group(id: "validator", topics: ["komfy.job-events"]))
        #expect(group.properties["group.id"] == "validator")
        #expect(group.properties["enable.auto.commit"] == "false")
        #expect(group.properties["enable.auto.offset.store"] == "false")
        #expect(group.properties["auto.offset.reset"] == "earliest")
        #expect(group.properties["session.timeout.ms"] == "6000")
        let broadcast = KafkaConsumerConfiguration(mode: .broadcast(topics: ["komfy.job-events"]))
        #expect(broadcast.properties["group.id"] == nil)
    }

    @Test("a refused property is named; a secret's value is not shown")
    func refusedProperty() throws {
        let unknown = #expect(throws: KafkaError.self) { _ = try RDKafkaConfig.make(["no.such.property": "1"]) }
        #expect(unknown?.code == .invalidConfiguration)
        #expect(unknown?.message.contains("no.such.property") == true)
        let secret = #expect(throws: KafkaError.self) { _ = try RDKafkaConfig.make(["sasl.password.x": "hunter2"]) }
        #expect(secret?.message.contains("hunter2") == false)
        #expect(secret?.message.contains("(hidden)") == true)
    }

    @Test("a producer with a bad setting fails to start with a clear error")
    func badProducer() {
        var configuration = KafkaProducerConfiguration()
        configuration.compression = "brotli"
        let error = #expect(throws: KafkaError.self) { _ = try KafkaProducer(configuration: configuration) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("compression.codec") == true)
    }

    @Test("durations become librdkafka's whole milliseconds, clamped to Int32")
    func durationMilliseconds() {
        #expect(Duration.milliseconds(1500).milliseconds == 1500)
        #expect(Duration.seconds(2).milliseconds == 2000)
        #expect(Duration.microseconds(1999).milliseconds == 1)
        #expect(Duration.seconds(1_000_000_000).milliseconds == Int32.max)
    }

    @Test("the offsets to commit are the highest record's offset + 1 per partition")
    func nextOffsets() {
        func record(_ partition: Int32, _ offset: Int64) -> KafkaRecord {
            KafkaRecord(topic: "t", partition: partition, offset: offset, key: nil, value: Data(), headers: [], timestamp: nil)
        }
        let offsets = KafkaConsumer.nextOffsets(after: [record(0, 5), record(1, 2), record(0, 3), record(0, 9)])
        #expect(offsets == [KafkaTopicPartition("t", 0): 10, KafkaTopicPartition("t", 1): 3])
    }

    @Test("errors describe code, message, librdkafka's name and how to react")
    func errorDescription() {
        let error = KafkaError(.delivery, "record not delivered", librdkafkaError: "_MSG_TIMED_OUT", isRetriable: true)
        #expect(error.description == "Kafka delivery: record not delivered [_MSG_TIMED_OUT] (retriable)")
    }

    @Test("the linked librdkafka is 2.8 or newer")
    func librdkafkaVersion() throws {
        let parts = RDKafkaLibrary.version.split(separator: ".").compactMap { Int($0) }
        try #require(parts.count >= 2)
        #expect(parts[0] > 2 || (parts[0] == 2 && parts[1] >= 8))
    }
}
