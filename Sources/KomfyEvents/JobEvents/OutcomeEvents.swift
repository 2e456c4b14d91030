/// The outputs are published. Terminal: the job's status becomes `completed`.
public struct JobCompleted: JobEventPayload {
    public static let eventType = "JobCompleted"

    public var outputs: JobOutputs

    public init(outputs: JobOutputs) {
        self.outputs = outputs
    }
}

/// A stage gave up on the job. Terminal: the job's status becomes `failed`.
public struct JobFailed: JobEventPayload {
    public static let eventType = "JobFailed"

    public var stage: JobStage
    /// The executor attempt that failed; a failure from a superseded attempt changes nothing.
    public var attempt: Int?
    public var error: JobError

    public init(stage: JobStage, attempt: Int? = nil, error: JobError) {
        self.stage = stage
        self.attempt = attempt
        self.error = error
    }
}

/// A stage stopped the job after a cancel request. Terminal: the status becomes `cancelled`.
public struct JobCancelled: JobEventPayload {
    public static let eventType = "JobCancelled"

    public var stage: JobStage

    public init(stage: JobStage) {
        self.stage = stage
    }
}
