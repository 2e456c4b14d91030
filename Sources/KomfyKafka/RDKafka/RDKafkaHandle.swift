import CRdKafka
import Logging
import Synchronization

/// What librdkafka's callbacks reach through the configuration's opaque pointer. It lives as long
/// as the handle that points at it.
final class RDKafkaCallbackContext: Sendable {
    let logger: Logger
    /// The first fatal error librdkafka reported; the client is unusable after it.
    let fatalError = Mutex<KafkaError?>(nil)
    /// Consumers: called on the polling thread when the group assigns or revokes partitions.
    let rebalance: RebalanceCallback?

    enum RebalanceKind { case assign, revoke }
    typealias RebalanceCallback = @Sendable (
        _ rk: OpaquePointer, _ kind: RebalanceKind, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) -> Void

    init(logger: Logger, rebalance: RebalanceCallback? = nil) {
        self.logger = logger
        self.rebalance = rebalance
    }

    static func from(_ rk: OpaquePointer?) -> RDKafkaCallbackContext? {
        guard let rk, let opaque = rd_kafka_opaque(rk) else { return nil }
        return Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Owns one `rd_kafka_t` and destroys it in `deinit`.
///
/// `@unchecked Sendable`: librdkafka's handle is thread-safe for every call this module makes on it,
/// and the class has no mutable Swift state.
final class RDKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: RDKafkaCallbackContext

    private init(pointer: OpaquePointer, context: RDKafkaCallbackContext) {
        self.pointer = pointer
        self.context = context
    }

    /// Creates the handle. `configure` may install more callbacks on the configuration first.
    static func make(
        _ type: rd_kafka_type_t, properties: [String: String], context: RDKafkaCallbackContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) -> RDKafkaHandle {
        let conf = try RDKafkaConfig.make(properties)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        configure(conf)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let pointer = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(cBuffer: errorText)
            throw KafkaError(.clientCreation, reason)
        }
        return RDKafkaHandle(pointer: pointer, context: context)
    }

    deinit {
        rd_kafka_destroy(pointer)
    }

    /// The fatal error, if librdkafka raised one (idempotence or transaction state lost).
    func fatalError() -> KafkaError? {
        if let known = context.fatalError.withLock({ $0 }) { return known }
        var text = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(pointer, &text, text.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        var error = KafkaError(.fatal, err, context: String(cBuffer: text))
        error.isFatal = true
        return error
    }

    /// The partition count of each topic, from a metadata request.
    func partitionCounts(of topics: [String], timeoutMs: Int32) throws(KafkaError) -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(pointer, 1, nil, &metadata, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.metadata, err, context: "reading cluster metadata")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var counts: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            let name = String(cString: topic.topic)
            if topics.contains(name), topic.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                counts[name] = Int(topic.partition_cnt)
            }
        }
        return counts
    }
}

/// librdkafka's log lines, as swift-log messages with the facility in the metadata.
private let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard let context = RDKafkaCallbackContext.from(rk), let message else { return }
    let logLevel: Logger.Level = switch level {
    case ...3: .error
    case 4: .warning
    case 5: .notice
    case 6: .info
    default: .debug
    }
    context.logger.log(level: logLevel, "\(String(cString: message))",
                       metadata: ["kafka.facility": .string(facility.map { String(cString: $0) } ?? "")])
}

/// Errors librdkafka reports outside any call, to a handle without an event queue of its own.
private let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    rk, err, reason, opaque in
    guard let opaque, let rk else { return }
    let context = Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    let code = rd_kafka_resp_err_t(rawValue: err)
    context.clientError(code, reason: reason.map { String(cString: $0) } ?? "", isFatal: code == RD_KAFKA_RESP_ERR__FATAL, rk: rk)
}

extension RDKafkaCallbackContext {
    /// An error librdkafka reported outside any call (the error callback, or an error event of a
    /// client that polls events). Most are transient (it reconnects on its own); a fatal one is
    /// kept so the next call fails with it.
    func clientError(_ code: rd_kafka_resp_err_t, reason: String, isFatal: Bool, rk: OpaquePointer) {
        if isFatal {
            var detail = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(rk, &detail, detail.count)
            var error = KafkaError(.fatal, original, context: String(cBuffer: detail))
            error.isFatal = true
            fatalError.withLock { if $0 == nil { $0 = error } }
            logger.critical("Kafka client hit a fatal error: \(error)")
        } else if code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            logger.warning("No Kafka broker reachable: \(reason); retrying")
        } else {
            logger.debug("Kafka client error: \(reason)", metadata: ["kafka.error": .string(String(cString: rd_kafka_err2name(code)))])
        }
    }
}
