import KomfyEvents

/// Whether a tenant's request may go on under its plan's limits, and the headers to answer with.
///
/// Three limits, checked in this order:
///
/// 1. Requests per minute, for every request: with the window already at the limit the request is
///    refused with `rate_limit_exceeded` and told when the oldest requests will have left the window.
/// 2. Queue depth, for submissions: with the queue already at the limit the job is refused with
///    `queue_full`.
/// 3. Concurrent jobs never refuse anything. A job over the limit waits in the queue until one of the
///    tenant's running jobs ends (the executors enforce it when they claim), so a burst of
///    submissions is absorbed by the queue rather than bounced. The headers still report the limit and
///    the running count.
///
/// Only an allowed request uses up the rate limit: record it (`SlidingWindowCounter.record`) when the
/// decision allows it, so a client hammering against a 429 does not push its own reset further away.
public struct LimitDecision: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        case allowed
        case rateLimitExceeded
        case queueFull
    }

    public var verdict: Verdict
    /// Seconds to wait before trying again, when refused (also `headers.retryAfter`).
    public var retryAfterSeconds: Int?
    public var headers: LimitHeaders

    /// How long a client is told to wait when the queue is full. The queue drains as the tenant's jobs
    /// finish, which ingest cannot predict; this is a polite retry pace, not a promise.
    public static let queueFullRetryAfterSeconds = 10

    public var isAllowed: Bool { verdict == .allowed }

    /// What to answer (HTTP 429) when refused.
    public var error: AccessError? {
        switch verdict {
        case .allowed:
            return nil
        case .rateLimitExceeded:
            let message = "Rate limit of \(headers.rateLimit) requests per minute exceeded. "
                + "Retry after \(retryAfterSeconds ?? 1) seconds, or upgrade your plan."
            return AccessError(code: .rateLimitExceeded, message: message, retryAfter: retryAfterSeconds)
        case .queueFull:
            let message = "You already have \(headers.queueDepth) jobs waiting, the limit of your plan. "
                + "Retry when some have started, or cancel jobs you no longer need."
            return AccessError(code: .queueFull, message: message, retryAfter: retryAfterSeconds)
        }
    }

    /// Decides a request of `kind` by a tenant with `limits` and `usage`, at `now`.
    public static func decide(_ kind: RequestKind, limits: PlanLimits, usage: TenantUsage,
                              at now: Timestamp) -> LimitDecision {
        let window = usage.recentRequests.sliding(to: now)
        let used = window.total
        var headers = LimitHeaders(
            rateLimit: limits.requestsPerMinute,
            rateLimitRemaining: max(0, limits.requestsPerMinute - used),
            rateLimitReset: (window.counts.first?.epochSecond ?? now.epochSecond) + RequestWindow.seconds,
            concurrentLimit: limits.concurrentJobs,
            concurrentRunning: max(0, usage.running),
            queueLimit: limits.queueDepth,
            queueDepth: max(0, usage.queued)
        )

        if used >= limits.requestsPerMinute {
            // Allowed again once at most limit - 1 requests are left in the window; with a limit of 0
            // never, so say a minute.
            let allowedFromSecond = limits.requestsPerMinute > 0
                ? window.epochSecond(whenAtMost: limits.requestsPerMinute - 1)
                : now.epochSecond + RequestWindow.seconds
            let waitMilliseconds = allowedFromSecond * 1000 - now.millisecondsSinceEpoch
            let retryAfter = Int(max(1, (waitMilliseconds + 999) / 1000))
            headers.rateLimitRemaining = 0
            headers.rateLimitReset = allowedFromSecond
            headers.retryAfter = retryAfter
            return LimitDecision(verdict: .rateLimitExceeded, retryAfterSeconds: retryAfter, headers: headers)
        }

        if kind == .submission, usage.queued >= limits.queueDepth {
            headers.retryAfter = queueFullRetryAfterSeconds
            return LimitDecision(verdict: .queueFull, retryAfterSeconds: queueFullRetryAfterSeconds, headers: headers)
        }

        headers.rateLimitRemaining = limits.requestsPerMinute - used - 1
        return LimitDecision(verdict: .allowed, retryAfterSeconds: nil, headers: headers)
    }
}
