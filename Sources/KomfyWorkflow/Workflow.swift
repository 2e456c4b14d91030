import KomfyEvents

/// The ComfyUI API-format graph: node ids mapped to `{class_type, inputs}`. Validation against the
/// node catalog, model references and graph rewriting arrive with the validator issue.
public struct Workflow: Sendable, Hashable {
    public var nodes: [String: JSONValue]

    public init(nodes: [String: JSONValue]) {
        self.nodes = nodes
    }
}
