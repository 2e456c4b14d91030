import KomfyEvents

/// What the validator decided about a workflow.
public enum WorkflowVerdict: Sendable, Hashable {
    case valid(ValidatedWorkflow)
    /// Code `workflow_error`; `message` is one line about the first problem (in node id order);
    /// `nodeID` is that problem's node; `details` holds every problem in ComfyUI's `node_errors`
    /// shape (see docs/validation.md).
    case rejected(JobError)
}

/// What the rest of the pipeline needs to know about a valid workflow (the data of `JobValidated`).
public struct ValidatedWorkflow: Sendable, Hashable {
    /// Every model input of the nodes that will run, in node id order, then input order.
    public var modelRefs: [ModelReference]
    /// The output nodes, in node id order.
    public var outputNodes: [String]
    /// Every class type of the prompt, sorted: the executor's engine must have them all.
    public var classTypes: [String]

    public init(modelRefs: [ModelReference], outputNodes: [String], classTypes: [String]) {
        self.modelRefs = modelRefs
        self.outputNodes = outputNodes
        self.classTypes = classTypes
    }
}
