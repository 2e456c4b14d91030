/// A node class of the engine, as its `/object_info` entry declares it.
public struct NodeDefinition: Sendable, Hashable {
    /// The `class_type` prompts use, e.g. `KSampler`.
    public var name: String
    /// The title ComfyUI shows, e.g. `Load Checkpoint`.
    public var displayName: String
    public var category: String
    /// Required then optional inputs, each group in the engine's order (`input_order`).
    public private(set) var inputs: [InputDefinition]
    /// Inputs the engine fills in itself (`prompt`, `unique_id`, ...): never validated.
    public var hiddenInputs: [String]
    public var outputs: [OutputDefinition]
    /// ComfyUI runs a prompt for its output nodes' sake (`OUTPUT_NODE`), e.g. `SaveImage`.
    public var isOutputNode: Bool
    private var inputPositions: [String: Int]

    public init(
        name: String, displayName: String, category: String, inputs: [InputDefinition], hiddenInputs: [String],
        outputs: [OutputDefinition], isOutputNode: Bool
    ) {
        self.name = name
        self.displayName = displayName
        self.category = category
        self.inputs = inputs
        self.hiddenInputs = hiddenInputs
        self.outputs = outputs
        self.isOutputNode = isOutputNode
        var positions: [String: Int] = [:]
        for (position, input) in inputs.enumerated() where positions[input.name] == nil {
            positions[input.name] = position
        }
        inputPositions = positions
    }

    public var requiredInputs: [InputDefinition] { inputs.filter(\.isRequired) }
    public var optionalInputs: [InputDefinition] { inputs.filter { !$0.isRequired } }

    public func input(named name: String) -> InputDefinition? {
        inputPositions[name].map { inputs[$0] }
    }
}
