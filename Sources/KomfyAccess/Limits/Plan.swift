/// The plan a key is on. It picks the key's limits (see `LimitsConfiguration`).
public enum Plan: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case free
    case pro
    case enterprise

    /// The limits of the plan when the configuration does not change them.
    ///
    /// | plan | requests per minute | concurrent jobs | queue depth |
    /// |---|---|---|---|
    /// | free | 60 | 2 | 100 |
    /// | pro | 300 | 10 | 100 |
    /// | enterprise | 1000 | 50 | 100 |
    public var defaultLimits: PlanLimits {
        switch self {
        case .free: PlanLimits(requestsPerMinute: 60, concurrentJobs: 2, queueDepth: 100)
        case .pro: PlanLimits(requestsPerMinute: 300, concurrentJobs: 10, queueDepth: 100)
        case .enterprise: PlanLimits(requestsPerMinute: 1000, concurrentJobs: 50, queueDepth: 100)
        }
    }

    public var description: String { rawValue }
}
