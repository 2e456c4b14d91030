import Foundation
import KomfyKafka
import KomfyTestSupport
import Testing

/// `KafkaKeyPartitioner` must name the partition the producer really uses, or ingest's job ids
/// would not batch (correctness never depends on it: the producer places records by their keys).
@Suite("Key partitioner on a real broker")
struct KeyPartitionerTests {
    @Test("every keyed record lands on the partition KafkaKeyPartitioner predicts, over 7 and 24 partitions")
    func predictsTheProducersPartition() async throws {
        let producer = try await TestKafka.producer()
        for partitions in [7, 24] {
            let topic = try await TestKafka.createTopic("key-partitions", partitions: partitions)
            let keys = (0..<200).map { _ in UUID().uuidString.lowercased() } + ["", "k", "job-42"]
            let reports = try await producer.send(keys.map { KafkaOutgoingRecord(topic: topic, key: $0, value: Data("v".utf8)) })
            let predicted = keys.map { KafkaKeyPartitioner.partition(ofKey: $0, partitionCount: partitions) }
            #expect(reports.map { Int($0.partition) } == predicted)
            // The keys spread: a constant prediction would pass the check above only by luck.
            #expect(Set(predicted).count == partitions)
        }
        try await producer.close()
    }

    @Test("murmur2 as Java clients compute it", arguments: [
        // toPositive(murmur2(key)) of Kafka's Utils.murmur2 (seed 0x9747b28c), computed for these
        // keys by an independent implementation of that algorithm; the keys cover every tail length.
        ("hello", 2_132_663_229), ("k", 579_986_912), ("job-42", 1_873_849_057), ("abcdef", 1_870_650_108),
        ("0f3e4c1a-9b2d-4e8f-a1c3-5d7e9f0b2a4c", 956_683_174),
    ])
    func javaCompatible(key: String, positiveHash: Int) {
        #expect(KafkaKeyPartitioner.partition(ofKey: key, partitionCount: Int(Int32.max)) == positiveHash % Int(Int32.max))
        #expect(KafkaKeyPartitioner.partition(ofKey: key, partitionCount: 24) == positiveHash % 24)
    }
}
