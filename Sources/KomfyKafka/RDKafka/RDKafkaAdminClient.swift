import CRdKafka
import Logging

/// librdkafka's admin API: create and delete topics, read topic configuration. Each call blocks
/// until the broker answers or the timeout passes; `KafkaAdmin` runs them off the cooperative pool.
///
/// `@unchecked Sendable`: the handle and result queue are thread-safe; calls are serialised by the
/// owner's `BlockingCall` queue, so one result never reaches another caller.
final class RDKafkaAdminClient: @unchecked Sendable {
    let handle: RDKafkaHandle
    private let results: OpaquePointer

    init(properties: [String: String], logger: Logger) throws(KafkaError) {
        handle = try RDKafkaHandle.make(RD_KAFKA_PRODUCER, properties: properties,
                                        context: RDKafkaCallbackContext(logger: logger))
        results = rd_kafka_queue_new(handle.pointer)
    }

    deinit {
        rd_kafka_queue_destroy(results)
    }

    /// Creates topics; the per-topic outcome says created, already there, or why not.
    func createTopics(_ specs: [TopicSpec], timeoutMs: Int32) throws(KafkaError) -> [String: rd_kafka_resp_err_t] {
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in specs {
            guard let topic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor),
                                                    &errorText, errorText.count) else {
                throw KafkaError(.admin, "topic \(spec.name): \(String(cBuffer: errorText))")
            }
            newTopics.append(topic)
            for (name, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(topic, name, value)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(.admin, err, context: "topic \(spec.name) config \(name)")
                }
            }
        }
        let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errorText, errorText.count)
        newTopics.withUnsafeMutableBufferPointer { topics in
            rd_kafka_CreateTopics(handle.pointer, topics.baseAddress, topics.count, options, results)
        }
        let event = try awaitResult(timeoutMs: timeoutMs, operation: "creating topics")
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(.admin, "the broker's answer to CreateTopics was not a CreateTopics result")
        }
        var count = 0
        let topicResults = rd_kafka_CreateTopics_result_topics(result, &count)
        return topicOutcomes(topicResults, count)
    }

    /// Deletes topics (tests clean up with it; Komfy never deletes its own topics).
    func deleteTopics(_ names: [String], timeoutMs: Int32) throws(KafkaError) -> [String: rd_kafka_resp_err_t] {
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { for deletion in deletions { rd_kafka_DeleteTopic_destroy(deletion) } }
        deletions.withUnsafeMutableBufferPointer { topics in
            rd_kafka_DeleteTopics(handle.pointer, topics.baseAddress, topics.count, nil, results)
        }
        let event = try awaitResult(timeoutMs: timeoutMs, operation: "deleting topics")
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_DeleteTopics_result(event) else {
            throw KafkaError(.admin, "the broker's answer to DeleteTopics was not a DeleteTopics result")
        }
        var count = 0
        let topicResults = rd_kafka_DeleteTopics_result_topics(result, &count)
        return topicOutcomes(topicResults, count)
    }

    /// The non-default configuration entries of a topic, as the broker reports them.
    func describeConfig(ofTopic name: String, timeoutMs: Int32) throws(KafkaError) -> [String: String] {
        let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name)
        var resources: [OpaquePointer?] = [resource]
        defer { rd_kafka_ConfigResource_destroy(resource) }
        resources.withUnsafeMutableBufferPointer { list in
            rd_kafka_DescribeConfigs(handle.pointer, list.baseAddress, list.count, nil, results)
        }
        let event = try awaitResult(timeoutMs: timeoutMs, operation: "describing topic \(name)")
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            throw KafkaError(.admin, "the broker's answer to DescribeConfigs was not a DescribeConfigs result")
        }
        var resourceCount = 0
        guard let described = rd_kafka_DescribeConfigs_result_resources(result, &resourceCount), resourceCount > 0,
              let first = described[0] else { return [:] }
        let err = rd_kafka_ConfigResource_error(first)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.admin, err, context: "describing topic \(name)")
        }
        var entryCount = 0
        guard let entries = rd_kafka_ConfigResource_configs(first, &entryCount) else { return [:] }
        var config: [String: String] = [:]
        for index in 0..<entryCount {
            guard let entry = entries[index], rd_kafka_ConfigEntry_is_default(entry) == 0 else { continue }
            let entryName = String(cString: rd_kafka_ConfigEntry_name(entry))
            let sensitive = rd_kafka_ConfigEntry_is_sensitive(entry) != 0
            config[entryName] = sensitive ? "(hidden)" : rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) } ?? ""
        }
        return config
    }

    private func awaitResult(timeoutMs: Int32, operation: String) throws(KafkaError) -> OpaquePointer {
        // The broker times the operation out itself; give its answer a little longer to arrive.
        guard let event = rd_kafka_queue_poll(results, timeoutMs + 5000) else {
            throw KafkaError(.admin, "\(operation): no answer from the broker", librdkafkaError: "_TIMED_OUT",
                             isRetriable: true)
        }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            rd_kafka_event_destroy(event)
            throw KafkaError(.admin, err, context: "\(operation): \(text)")
        }
        return event
    }

    private func topicOutcomes(_ results: UnsafeMutablePointer<OpaquePointer?>?, _ count: Int) -> [String: rd_kafka_resp_err_t] {
        var outcomes: [String: rd_kafka_resp_err_t] = [:]
        for index in 0..<count {
            guard let result = results?[index] else { continue }
            outcomes[String(cString: rd_kafka_topic_result_name(result))] = rd_kafka_topic_result_error(result)
        }
        return outcomes
    }
}
