/// One thing wrong with the shape of a ComfyUI API-format prompt, found before the job is accepted.
///
/// `message` is a single line meant for the person who wrote the workflow: it says what to fix, and
/// starts with `Node <id>: ` when it concerns one node. `docs/validation.md` lists every code.
public struct StructureIssue: Error, Sendable, Hashable {
    public var code: Code
    public var message: String
    /// The node the issue is about; `nil` for issues about the whole prompt.
    public var nodeID: String?
    /// The input of `nodeID` the issue is about, when there is one.
    public var input: String?

    public init(code: Code, message: String, nodeID: String? = nil, input: String? = nil) {
        self.code = code
        self.message = message
        self.nodeID = nodeID
        self.input = input
    }

    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The prompt is not a JSON object, or has no nodes.
        case invalidPrompt = "invalid_prompt"
        /// The prompt is ComfyUI's canvas format ("Save"), not the API format.
        case uiFormatWorkflow = "ui_format_workflow"
        /// A node is not an object, or its `class_type` or `inputs` is missing or mistyped.
        case invalidNode = "invalid_node"
        /// An input looks like a link but is not shaped `["node_id", output_index]`.
        case invalidNodeConnection = "invalid_node_connection"
        /// A link names a node id that is not in the prompt.
        case missingNode = "missing_node"
        /// A link names an output the linked core node does not have.
        case badOutputIndex = "bad_output_index"
        /// Links form a loop, so no node of it could ever run first.
        case dependencyCycle = "dependency_cycle"
        /// Every node is a known core class and none of them is an output node.
        case promptNoOutputs = "prompt_no_outputs"
    }
}

extension StructureIssue: CustomStringConvertible {
    public var description: String { "\(code.rawValue): \(message)" }
}
