import KomfyEvents

/// Small values a `JobState` is made of.

/// The executor holding the current attempt: the first `JobClaimed` of that attempt in the log.
public struct JobClaim: Sendable, Hashable {
    public var executorID: String
    public var attempt: Int
    /// How long the claim holds after the attempt's last sign of life (see `JobState.leaseExpiresAt`).
    public var leaseMs: Int64
    public var claimedAt: Timestamp

    public init(executorID: String, attempt: Int, leaseMs: Int64, claimedAt: Timestamp) {
        self.executorID = executorID
        self.attempt = attempt
        self.leaseMs = leaseMs
        self.claimedAt = claimedAt
    }
}

/// An attempt whose executor stopped renewing its lease (`JobLeaseExpired`).
public struct ExpiredAttempt: Sendable, Hashable {
    public var attempt: Int
    /// The executor the `JobLeaseExpired` names.
    public var executorID: String
    public var expiredAt: Timestamp

    public init(attempt: Int, executorID: String, expiredAt: Timestamp) {
        self.attempt = attempt
        self.executorID = executorID
        self.expiredAt = expiredAt
    }
}

/// The first accepted `JobCancelRequested` of a job.
public struct CancelRequest: Sendable, Hashable {
    /// An API key id, or `system`.
    public var by: String
    public var reason: String?
    public var requestedAt: Timestamp

    public init(by: String, reason: String? = nil, requestedAt: Timestamp) {
        self.by = by
        self.reason = reason
        self.requestedAt = requestedAt
    }
}

/// How far ComfyUI got with the current attempt. A new attempt starts from `JobProgress()` again,
/// because its ComfyUI runs the whole graph anew.
public struct JobProgress: Sendable, Hashable {
    /// The node of the last `NodeExecuting`.
    public var currentNodeID: String?
    public var currentClassType: String?
    /// The last `NodeProgress`, with the node it was about: a node that starts after it does not reset
    /// it, so it may belong to an earlier node than `currentNodeID`.
    public var steps: Steps?
    public var executedNodeIDs: Set<String>
    public var cachedNodeIDs: Set<String>

    /// `value` of `max` steps of one node, e.g. sampler steps.
    public struct Steps: Sendable, Hashable {
        public var nodeID: String
        public var value: Int
        public var max: Int

        public init(nodeID: String, value: Int, max: Int) {
            self.nodeID = nodeID
            self.value = value
            self.max = max
        }
    }

    public init(currentNodeID: String? = nil, currentClassType: String? = nil, steps: Steps? = nil,
                executedNodeIDs: Set<String> = [], cachedNodeIDs: Set<String> = []) {
        self.currentNodeID = currentNodeID
        self.currentClassType = currentClassType
        self.steps = steps
        self.executedNodeIDs = executedNodeIDs
        self.cachedNodeIDs = cachedNodeIDs
    }
}
