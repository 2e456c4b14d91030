/// What a workflow may ask for beyond what the engine accepts: where its models may come from, how
/// big it may be, and which models Komfy already has.
public struct ValidationRules: Sendable {
    /// Which model URLs may be fetched. Default: `ModelURLPolicy.standard`.
    public var modelURLs: ModelURLPolicy
    /// The tenant's plan limits. Default: `WorkflowLimits.free`.
    public var limits: WorkflowLimits
    /// Model names already in Komfy's model store, by ComfyUI folder (`checkpoints`, `loras`, ...).
    /// A model input may name one of them instead of giving a URL. Default: none.
    public var knownModels: [String: Set<String>]

    public init(
        modelURLs: ModelURLPolicy = .standard, limits: WorkflowLimits = .free, knownModels: [String: Set<String>] = [:]
    ) {
        self.modelURLs = modelURLs
        self.limits = limits
        self.knownModels = knownModels
    }
}
