import Foundation
import Testing
@testable import KomfyKafka

/// `KafkaProducer.send` through librdkafka's delivery report events: one report per record, in
/// the record's place, also when the reports of several sends arrive in one event.
@Suite("Producer delivery reports")
struct ProducerDeliveryTests {
    /// The broker `deploy/local/run-tests.sh` starts; without it the broker tests are skipped.
    static let bootstrap = ProcessInfo.processInfo.environment["KOMFY_TEST_BOOTSTRAP"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("records that cannot be delivered fail one by one, and the producer stays usable")
    func undeliverable() async throws {
        // Nothing listens on port 1: every record times out in librdkafka and comes back as a
        // failed delivery report.
        var configuration = KafkaProducerConfiguration(client: KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"]))
        configuration.deliveryTimeoutMs = 300
        let producer = try KafkaProducer(configuration: configuration)
        let records = (0..<3).map { KafkaOutgoingRecord(topic: "nowhere", key: "k\($0)", value: Data("v\($0)".utf8)) }
        for _ in 0..<2 {
            let error = await #expect(throws: KafkaError.self) { try await producer.send(records) }
            #expect(error?.code == .delivery)
            #expect(error?.message.hasPrefix("3 of 3 records not delivered") == true, "\(String(describing: error))")
        }
        let single = await #expect(throws: KafkaError.self) { try await producer.send(records[0]) }
        #expect(single?.code == .delivery)
        try? await producer.close(timeout: .seconds(1))
    }

    @Test("concurrent sends each get one report per record, in the order of their records",
          .enabled(if: ProducerDeliveryTests.bootstrap != nil, "needs KOMFY_TEST_BOOTSTRAP (deploy/local/run-tests.sh)"))
    func concurrentSends() async throws {
        let client = KafkaClientConfiguration(bootstrapServers: [Self.bootstrap!], clientID: "komfy-kafka-tests")
        let topic = "delivery-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await KafkaAdmin(client: client).createTopics([
            TopicSpec(name: topic, description: "test", key: "test", partitions: 3),
        ])
        #expect(created[topic] == .created)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client))
        let header = [KafkaHeader(name: "komfy-type", string: "Test")]
        // Sends of different sizes at once: their records share produce requests and so report events.
        let sends = (0..<6).map { send in
            (0..<(200 + send * 150)).map { index in
                KafkaOutgoingRecord(topic: topic, key: "key-\(index % 7)", value: Data("\(send)/\(index)".utf8),
                                    headers: index % 5 == 0 ? [] : header)
            }
        }
        let reports = try await withThrowingTaskGroup(of: (Int, [KafkaDeliveryReport]).self) { group in
            for (send, records) in sends.enumerated() {
                group.addTask { (send, try await producer.send(records)) }
            }
            var reports: [Int: [KafkaDeliveryReport]] = [:]
            for try await (send, sent) in group { reports[send] = sent }
            return reports
        }
        var stored = Set<KafkaTopicPartition>()
        var places = Set<String>()
        for (send, records) in sends.enumerated() {
            let sent = try #require(reports[send])
            #expect(sent.count == records.count)
            // Records of one key share a partition and are stored in the order they were sent.
            var lastOffset: [String: Int64] = [:]
            var partitionOfKey: [String: Int32] = [:]
            for (record, report) in zip(records, sent) {
                let key = String(decoding: record.key!, as: UTF8.self)
                #expect(report.topic == topic)
                #expect(partitionOfKey[key, default: report.partition] == report.partition)
                partitionOfKey[key] = report.partition
                #expect(report.offset > lastOffset[key, default: -1])
                lastOffset[key] = report.offset
                places.insert("\(report.partition)@\(report.offset)")
                stored.insert(KafkaTopicPartition(topic, report.partition))
            }
        }
        let total = sends.reduce(0) { $0 + $1.count }
        #expect(places.count == total, "no two records share a partition and offset")
        #expect(stored.count > 1)
        try await producer.close()
        try await KafkaAdmin(client: client).deleteTopics([topic])
    }
}
