/// The limit headers of a response: every answer carries them, allowed or not, so clients can pace
/// themselves before they hit a 429.
public struct LimitHeaders: Sendable, Hashable {
    public static let rateLimitName = "X-RateLimit-Limit"
    public static let rateLimitRemainingName = "X-RateLimit-Remaining"
    public static let rateLimitResetName = "X-RateLimit-Reset"
    public static let concurrentLimitName = "X-Concurrent-Limit"
    public static let concurrentRunningName = "X-Concurrent-Running"
    public static let queueLimitName = "X-Queue-Limit"
    public static let queueDepthName = "X-Queue-Depth"
    public static let retryAfterName = "Retry-After"

    /// Requests allowed per sliding minute.
    public var rateLimit: Int
    /// Requests left in the window after this one (0 when it was refused).
    public var rateLimitRemaining: Int
    /// Epoch second at which the window's oldest counted request leaves it (for a refused request:
    /// the second from which a request will be allowed again).
    public var rateLimitReset: Int64
    public var concurrentLimit: Int
    /// The tenant's jobs running when the request was decided.
    public var concurrentRunning: Int
    public var queueLimit: Int
    /// The tenant's jobs waiting when the request was decided, without a job this request submits.
    public var queueDepth: Int
    /// Seconds to wait, only on a refused request.
    public var retryAfter: Int?

    public init(rateLimit: Int, rateLimitRemaining: Int, rateLimitReset: Int64, concurrentLimit: Int,
                concurrentRunning: Int, queueLimit: Int, queueDepth: Int, retryAfter: Int? = nil) {
        self.rateLimit = rateLimit
        self.rateLimitRemaining = rateLimitRemaining
        self.rateLimitReset = rateLimitReset
        self.concurrentLimit = concurrentLimit
        self.concurrentRunning = concurrentRunning
        self.queueLimit = queueLimit
        self.queueDepth = queueDepth
        self.retryAfter = retryAfter
    }

    /// The headers as names and values, in a fixed order; `Retry-After` only when set.
    public var fields: [(name: String, value: String)] {
        var fields = [
            (Self.rateLimitName, String(rateLimit)),
            (Self.rateLimitRemainingName, String(rateLimitRemaining)),
            (Self.rateLimitResetName, String(rateLimitReset)),
            (Self.concurrentLimitName, String(concurrentLimit)),
            (Self.concurrentRunningName, String(concurrentRunning)),
            (Self.queueLimitName, String(queueLimit)),
            (Self.queueDepthName, String(queueDepth)),
        ]
        if let retryAfter { fields.append((Self.retryAfterName, String(retryAfter))) }
        return fields.map { (name: $0.0, value: $0.1) }
    }
}
