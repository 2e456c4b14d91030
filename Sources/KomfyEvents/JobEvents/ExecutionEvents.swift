/// An executor worker takes the job for one attempt. The first claim of an attempt in the log wins.
public struct JobClaimed: JobEventPayload {
    public static let eventType = "JobClaimed"

    public var executorID: String
    /// 1 for the first run; a lease expiry opens the next.
    public var attempt: Int
    /// How long the claim holds without a sign of life from the executor.
    public var leaseMs: Int64

    public init(executorID: String, attempt: Int, leaseMs: Int64) {
        self.executorID = executorID
        self.attempt = attempt
        self.leaseMs = leaseMs
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case executorID = "executor_id"
        case leaseMs = "lease_ms"
    }
}

/// The claiming executor handed the graph to its ComfyUI engine.
public struct JobStarted: JobEventPayload {
    public static let eventType = "JobStarted"

    public var executorID: String
    public var attempt: Int

    public init(executorID: String, attempt: Int) {
        self.executorID = executorID
        self.attempt = attempt
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case executorID = "executor_id"
    }
}

/// ComfyUI began executing a node (`executing` on its websocket).
public struct NodeExecuting: JobEventPayload {
    public static let eventType = "NodeExecuting"

    public var attempt: Int
    public var nodeID: String
    public var classType: String?

    public init(attempt: Int, nodeID: String, classType: String? = nil) {
        self.attempt = attempt
        self.nodeID = nodeID
        self.classType = classType
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case nodeID = "node_id"
        case classType = "class_type"
    }
}

/// A node reported progress (`progress`: value of max, e.g. sampler steps). Throttled by the executor.
public struct NodeProgress: JobEventPayload {
    public static let eventType = "NodeProgress"

    public var attempt: Int
    public var nodeID: String
    public var value: Int
    public var max: Int

    public init(attempt: Int, nodeID: String, value: Int, max: Int) {
        self.attempt = attempt
        self.nodeID = nodeID
        self.value = value
        self.max = max
    }

    enum CodingKeys: String, CodingKey {
        case attempt, value, max
        case nodeID = "node_id"
    }
}

/// ComfyUI reused cached results for these nodes (`execution_cached`).
public struct NodesCached: JobEventPayload {
    public static let eventType = "NodesCached"

    public var attempt: Int
    public var nodeIDs: [String]

    public init(attempt: Int, nodeIDs: [String]) {
        self.attempt = attempt
        self.nodeIDs = nodeIDs
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case nodeIDs = "node_ids"
    }
}

/// A node finished (`executed`).
public struct NodeExecuted: JobEventPayload {
    public static let eventType = "NodeExecuted"

    public var attempt: Int
    public var nodeID: String
    public var classType: String?

    public init(attempt: Int, nodeID: String, classType: String? = nil) {
        self.attempt = attempt
        self.nodeID = nodeID
        self.classType = classType
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case nodeID = "node_id"
        case classType = "class_type"
    }
}

/// The claim of an attempt ran out without a sign of life: the job is claimable again as the next
/// attempt. Whoever appends the last allowed attempt's expiry appends `JobFailed(executor_lost)` too,
/// without an `attempt` (the expired attempt no longer holds the job, so an attempt-tagged failure
/// would be ignored as stale).
public struct JobLeaseExpired: JobEventPayload {
    public static let eventType = "JobLeaseExpired"

    public var attempt: Int
    public var executorID: String

    public init(attempt: Int, executorID: String) {
        self.attempt = attempt
        self.executorID = executorID
    }

    enum CodingKeys: String, CodingKey {
        case attempt
        case executorID = "executor_id"
    }
}

/// ComfyUI finished the graph; its outputs are staged for the uploader.
public struct JobExecuted: JobEventPayload {
    public static let eventType = "JobExecuted"

    public var attempt: Int
    public var outputs: [StagedOutput]
    public var executionTimeMs: Int64

    public init(attempt: Int, outputs: [StagedOutput], executionTimeMs: Int64) {
        self.attempt = attempt
        self.outputs = outputs
        self.executionTimeMs = executionTimeMs
    }

    enum CodingKeys: String, CodingKey {
        case attempt, outputs
        case executionTimeMs = "execution_time_ms"
    }
}
