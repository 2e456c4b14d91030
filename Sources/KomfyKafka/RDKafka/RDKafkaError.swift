import CRdKafka

extension KafkaError {
    /// An error from a `rd_kafka_resp_err_t` result code.
    init(_ code: Code, _ err: rd_kafka_resp_err_t, context: String, file: String = #fileID, line: UInt = #line) {
        let message = String(cString: rd_kafka_err2str(err))
        let name = String(cString: rd_kafka_err2name(err))
        self.init(code, "\(context): \(message)", librdkafkaError: name,
                  isRetriable: RDKafkaResult.isRetriable(err), isFatal: err == RD_KAFKA_RESP_ERR__FATAL,
                  file: file, line: line)
    }

    /// An error from a `rd_kafka_error_t` (transactions, newer APIs), which it destroys.
    init(_ code: Code, consuming error: OpaquePointer, context: String, file: String = #fileID, line: UInt = #line) {
        defer { rd_kafka_error_destroy(error) }
        self.init(code, "\(context): \(String(cString: rd_kafka_error_string(error)))",
                  librdkafkaError: String(cString: rd_kafka_error_name(error)),
                  isRetriable: rd_kafka_error_is_retriable(error) != 0,
                  requiresAbort: rd_kafka_error_txn_requires_abort(error) != 0,
                  isFatal: rd_kafka_error_is_fatal(error) != 0, file: file, line: line)
    }
}

enum RDKafkaResult {
    static func isRetriable(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
             RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
             RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
             RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
             RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
             RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
            return true
        default:
            return false
        }
    }
}

/// Property names whose values must never appear in errors or logs.
enum SecretProperties {
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "sasl.oauthbearer.config", "ssl.key", "token"].contains { lowered.contains($0) }
    }
}

extension String {
    /// The text of a NUL-terminated buffer librdkafka wrote into.
    init(cBuffer: [CChar]) {
        self.init(decoding: cBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
