/// What a tenant may do, as resolved for one key: `Plan.defaultLimits`, then the configuration's
/// override for the plan, then the key's own override.
public struct PlanLimits: Sendable, Hashable, Codable {
    /// Requests of any kind in a sliding minute. Above it: 429 `rate_limit_exceeded`.
    public var requestsPerMinute: Int
    /// Jobs running at once. Never a reason to reject: a job over it waits in the queue.
    public var concurrentJobs: Int
    /// Jobs accepted but not yet running. A submission that would exceed it: 429 `queue_full`.
    public var queueDepth: Int

    public init(requestsPerMinute: Int, concurrentJobs: Int, queueDepth: Int) {
        self.requestsPerMinute = requestsPerMinute
        self.concurrentJobs = concurrentJobs
        self.queueDepth = queueDepth
    }

    /// These limits with every value `override` sets replaced.
    public func overridden(by override: LimitOverride?) -> PlanLimits {
        guard let override else { return self }
        return PlanLimits(
            requestsPerMinute: override.requestsPerMinute ?? requestsPerMinute,
            concurrentJobs: override.concurrentJobs ?? concurrentJobs,
            queueDepth: override.queueDepth ?? queueDepth
        )
    }

    enum CodingKeys: String, CodingKey {
        case requestsPerMinute = "requests_per_minute"
        case concurrentJobs = "concurrent_jobs"
        case queueDepth = "queue_depth"
    }
}

/// Some limits changed, the others left as they were. Written in a plan's section of the
/// configuration, or on one key (`ApiKeyCreated.limits`) for a tenant with a special deal.
public struct LimitOverride: Sendable, Hashable, Codable {
    public var requestsPerMinute: Int?
    public var concurrentJobs: Int?
    public var queueDepth: Int?

    public init(requestsPerMinute: Int? = nil, concurrentJobs: Int? = nil, queueDepth: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.concurrentJobs = concurrentJobs
        self.queueDepth = queueDepth
    }

    enum CodingKeys: String, CodingKey {
        case requestsPerMinute = "requests_per_minute"
        case concurrentJobs = "concurrent_jobs"
        case queueDepth = "queue_depth"
    }
}
