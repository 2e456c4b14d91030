/// An error a client or partner sees: a stable machine-readable code and a message saying what to do.
///
/// The HTTP layer puts it in the error envelope `{"error": {code, message, retry_after, ...}}`; a
/// rejected Kafka command carries it in `JobCommandRejected.error`.
public struct AccessError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable error code. New codes can be added without breaking anyone who switches on them.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No `Authorization` header, or an empty one. HTTP 401.
        public static let missingAuth = Code(rawValue: "missing_auth")
        /// The header is not `Bearer <key>`, or the key is not shaped like one. HTTP 401.
        public static let invalidAuthFormat = Code(rawValue: "invalid_auth_format")
        /// A well-formed key that does not exist. HTTP 401.
        public static let invalidAPIKey = Code(rawValue: "invalid_api_key")
        /// A key that existed and was revoked. HTTP 401.
        public static let revokedAPIKey = Code(rawValue: "revoked_api_key")
        /// Too many requests in the last minute. HTTP 429 with `Retry-After`.
        public static let rateLimitExceeded = Code(rawValue: "rate_limit_exceeded")
        /// Too many of the tenant's jobs are waiting. HTTP 429 with `Retry-After`.
        public static let queueFull = Code(rawValue: "queue_full")
        /// A command that is not valid JSON of the command envelope, or whose body is invalid.
        public static let invalidCommand = Code(rawValue: "invalid_command")
        /// A command whose `type` is neither `SubmitJob` nor `CancelJob`.
        public static let unknownCommandType = Code(rawValue: "unknown_command_type")
        /// A command record without a `komfy-signature` header.
        public static let missingSignature = Code(rawValue: "missing_signature")
        /// A command whose signature is malformed or does not match its value.
        public static let badSignature = Code(rawValue: "bad_signature")
        /// A command signed for a key id Komfy does not know.
        public static let unknownKey = Code(rawValue: "unknown_key")
        /// A command signed with a revoked key.
        public static let revokedKey = Code(rawValue: "revoked_key")

        /// The HTTP status of the codes an HTTP request can get; nil for the command-only codes.
        public var httpStatus: Int? {
            switch self {
            case .missingAuth, .invalidAuthFormat, .invalidAPIKey, .revokedAPIKey: 401
            case .rateLimitExceeded, .queueFull: 429
            default: nil
            }
        }
    }

    public var code: Code
    public var message: String
    /// Seconds to wait before trying again, for the 429 codes.
    public var retryAfter: Int?

    public init(code: Code, message: String, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code): \(message)" }

    enum CodingKeys: String, CodingKey {
        case code, message
        case retryAfter = "retry_after"
    }
}
