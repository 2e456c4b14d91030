/// Every failure of KomfyKafka: a code a caller can switch on, the broker's or librdkafka's message,
/// and how to react (retry, abort the transaction, or give up).
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The configuration was refused (unknown property, bad value).
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// librdkafka could not create its client.
        public static let clientCreation = Code(rawValue: "client_creation")
        /// A message could not be enqueued or was not delivered.
        public static let delivery = Code(rawValue: "delivery")
        /// Consuming failed (a fetch error reported to the application).
        public static let consume = Code(rawValue: "consume")
        /// Committing offsets failed.
        public static let commit = Code(rawValue: "commit")
        /// Subscribing, assigning, pausing, resuming or seeking failed.
        public static let assignment = Code(rawValue: "assignment")
        /// A cluster metadata request failed or timed out.
        public static let metadata = Code(rawValue: "metadata")
        /// An admin operation (create or describe topics) failed.
        public static let admin = Code(rawValue: "admin")
        /// A transactional call failed; see `isRetriable`, `requiresAbort`, `isFatal`.
        public static let transaction = Code(rawValue: "transaction")
        /// The client hit an unrecoverable error and must be recreated.
        public static let fatal = Code(rawValue: "fatal")
        /// The client was closed.
        public static let closed = Code(rawValue: "closed")
        /// A topic spec file could not be read.
        public static let topicSpec = Code(rawValue: "topic_spec")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String
    /// librdkafka's `rd_kafka_resp_err_t` name (e.g. `_MSG_TIMED_OUT`, `TOPIC_ALREADY_EXISTS`), if any.
    public var librdkafkaError: String?
    /// The same call may succeed if made again.
    public var isRetriable: Bool
    /// Transactions: the current transaction must be aborted before going on.
    public var requiresAbort: Bool
    /// The client cannot be used any more.
    public var isFatal: Bool
    public var file: String
    public var line: UInt

    public init(_ code: Code, _ message: String, librdkafkaError: String? = nil, isRetriable: Bool = false,
                requiresAbort: Bool = false, isFatal: Bool = false, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.librdkafkaError = librdkafkaError
        self.isRetriable = isRetriable
        self.requiresAbort = requiresAbort
        self.isFatal = isFatal
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "Kafka \(code): \(message)"
        if let librdkafkaError { text += " [\(librdkafkaError)]" }
        if isFatal { text += " (fatal)" } else if requiresAbort { text += " (abort the transaction)" }
        else if isRetriable { text += " (retriable)" }
        return text
    }
}
