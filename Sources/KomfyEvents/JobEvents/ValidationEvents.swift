/// The validator found the workflow runnable against the node catalog.
public struct JobValidated: JobEventPayload {
    public static let eventType = "JobValidated"

    /// Every model the workflow needs, for the model-fetcher.
    public var modelRefs: [ModelReference]
    public var outputNodes: [String]
    /// The node classes the workflow uses, so an executor can check its engine has them.
    public var classTypes: [String]

    public init(modelRefs: [ModelReference], outputNodes: [String], classTypes: [String]) {
        self.modelRefs = modelRefs
        self.outputNodes = outputNodes
        self.classTypes = classTypes
    }

    enum CodingKeys: String, CodingKey {
        case modelRefs = "model_refs"
        case outputNodes = "output_nodes"
        case classTypes = "class_types"
    }
}

/// The validator refused the workflow. Terminal: the job's status becomes `failed`.
public struct JobRejected: JobEventPayload {
    public static let eventType = "JobRejected"

    public var error: JobError

    public init(error: JobError) {
        self.error = error
    }
}

/// Every model of the job is in the model store. The job is ready to be claimed.
public struct JobModelsReady: JobEventPayload {
    public static let eventType = "JobModelsReady"

    public var models: [ReadyModel]

    public init(models: [ReadyModel]) {
        self.models = models
    }
}
