import Foundation
import KomfyKafka
import KomfyTestSupport
import Testing

/// The transactional producer against a real broker. Tansu accepts transactions but does not hide
/// aborted records from read_committed readers (FACTS.md), so Komfy never relies on that; these
/// tests check the calls and their error classes.
@Suite("Transactions on a real broker")
struct TransactionTests {
    @Test("a committed transaction delivers its records and the consumer offsets sent with it")
    func consumeTransformProduce() async throws {
        let input = try await TestKafka.createTopic("txn-in", partitions: 2)
        let output = try await TestKafka.createTopic("txn-out", partitions: 2)
        let group = TestKafka.uniqueName("txn-group")
        let plain = try await TestKafka.producer()
        try await plain.send((0..<20).map { KafkaOutgoingRecord(topic: input, key: "k\($0)", value: Data("\($0)".utf8)) })
        try await plain.close()

        let producer = try await TestKafka.producer { $0.transactionalID = TestKafka.uniqueName("txn") }
        try await producer.initTransactions()
        let consumer = try await groupConsumer(topic: input, group: group)
        let records = try await consume(consumer, count: 20)
        #expect(records.count == 20)

        try producer.beginTransaction()
        try await producer.send(records.map {
            KafkaOutgoingRecord(topic: output, key: $0.key, value: Data("out-".utf8) + $0.value)
        })
        try await producer.sendOffsetsToTransaction(KafkaConsumer.nextOffsets(after: records), consumer: consumer)
        try await producer.commitTransaction()

        let committed = try await consumer.committed([KafkaTopicPartition(input, 0), KafkaTopicPartition(input, 1)])
        #expect(committed == KafkaConsumer.nextOffsets(after: records))
        let reader = try await broadcastConsumer(output)
        let written = try await consume(reader, count: 20)
        #expect(Set(written.map { String(decoding: $0.value, as: UTF8.self) }) == Set((0..<20).map { "out-\($0)" }))
        try await reader.close()
        try await consumer.close()
        try await producer.close()
    }

    @Test("abort ends the transaction; committing without one is a transaction error, not fatal")
    func abortAndMisuse() async throws {
        let topic = try await TestKafka.createTopic("txn-abort", partitions: 1)
        let producer = try await TestKafka.producer { $0.transactionalID = TestKafka.uniqueName("txn") }
        try await producer.initTransactions()
        try producer.beginTransaction()
        try await producer.send(KafkaOutgoingRecord(topic: topic, key: "k", value: Data("aborted".utf8)))
        try await producer.abortTransaction()

        let error = await #expect(throws: KafkaError.self) { try await producer.commitTransaction() }
        #expect(error?.code == .transaction)
        #expect(error?.isFatal == false)

        // The producer is still usable for the next transaction.
        try producer.beginTransaction()
        try await producer.send(KafkaOutgoingRecord(topic: topic, key: "k", value: Data("committed".utf8)))
        try await producer.commitTransaction()
        try await producer.close()
    }

    @Test("a second producer with the same transactional id fences the first")
    func fencing() async throws {
        let topic = try await TestKafka.createTopic("txn-fence", partitions: 1)
        let id = TestKafka.uniqueName("txn")
        let old = try await TestKafka.producer { $0.transactionalID = id }
        try await old.initTransactions()
        let new = try await TestKafka.producer { $0.transactionalID = id }
        try await new.initTransactions()

        let error = await #expect(throws: KafkaError.self) {
            try old.beginTransaction()
            try await old.send(KafkaOutgoingRecord(topic: topic, key: "k", value: Data("zombie".utf8)))
            try await old.commitTransaction()
        }
        #expect(error?.isFatal == true, "got \(String(describing: error))")
        #expect(error?.librdkafkaError == "_FENCED")

        // The new producer carries on.
        try new.beginTransaction()
        try await new.send(KafkaOutgoingRecord(topic: topic, key: "k", value: Data("current".utf8)))
        try await new.commitTransaction()
        try await new.close()
    }
}
