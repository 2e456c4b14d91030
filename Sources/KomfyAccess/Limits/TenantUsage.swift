/// What a tenant is using when a request arrives: the input of `LimitDecision.decide`.
///
/// Several ingest instances serve one tenant, so no instance sees all of its requests. The request
/// window is built from two parts that must not overlap:
///
/// - shared: the tenant's `JobSubmitted` events in the last minute written by the *other* ingest
///   instances (`occurred_at`, filtered by the envelope's `producer`), read from `komfy.job-events`
///   with `RequestWindow(requestTimes:at:)`;
/// - local: every request this instance let through, recorded in a `SlidingWindowCounter` the moment
///   it was allowed; its `window(for:at:)` covers reads and cancels, which no log holds, and this
///   instance's own submissions before they come back from the log.
///
/// `shared.merging(local)` is then the tenant's window. Reads on other instances are not seen, so
/// the limit is exact for submissions and per instance for everything else.
public struct TenantUsage: Sendable, Hashable {
    /// The tenant's jobs running now (claimed by an executor, not yet finished).
    public var running: Int
    /// The tenant's jobs accepted and not yet running, including those waiting for a concurrency slot.
    public var queued: Int
    /// The tenant's requests in the last minute, without the one being decided.
    public var recentRequests: RequestWindow

    public init(running: Int, queued: Int, recentRequests: RequestWindow) {
        self.running = running
        self.queued = queued
        self.recentRequests = recentRequests
    }
}

/// What a request asks for, which decides the limits that apply to it.
public enum RequestKind: Sendable, Hashable {
    /// A new job (`POST /v1/jobs`, `/prompt`, a `SubmitJob` command): rate limit and queue depth.
    case submission
    /// Anything else (reads, cancels, uploads): the rate limit only.
    case other
}
