/// The client's endpoint answered a webhook with 2xx.
public struct WebhookDelivered: JobEventPayload {
    public static let eventType = "WebhookDelivered"

    public var url: String
    public var attempt: Int
    public var statusCode: Int
    public var durationMs: Int64

    public init(url: String, attempt: Int, statusCode: Int, durationMs: Int64) {
        self.url = url
        self.attempt = attempt
        self.statusCode = statusCode
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey {
        case url, attempt
        case statusCode = "status_code"
        case durationMs = "duration_ms"
    }
}

/// A webhook attempt failed. With `nextAttemptAt` the notifier tries again then; without, it gave up.
public struct WebhookFailed: JobEventPayload {
    public static let eventType = "WebhookFailed"

    public var url: String
    public var attempt: Int
    /// The endpoint's answer, when it answered.
    public var statusCode: Int?
    /// What went wrong when it did not answer (timeout, TLS, refused), never a secret.
    public var error: String?
    public var nextAttemptAt: Timestamp?

    public init(url: String, attempt: Int, statusCode: Int? = nil, error: String? = nil,
                nextAttemptAt: Timestamp? = nil) {
        self.url = url
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.nextAttemptAt = nextAttemptAt
    }

    enum CodingKeys: String, CodingKey {
        case url, attempt, error
        case statusCode = "status_code"
        case nextAttemptAt = "next_attempt_at"
    }
}
