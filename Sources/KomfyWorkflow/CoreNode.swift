/// What the submit-time structural check knows about a node class built into the engine, without
/// the node catalog: enough to check output indexes and to find output nodes.
///
/// The table itself, `CoreNode.byClassType`, is generated from the engine's `/object_info` into
/// `CoreNodes.swift`. Custom node classes are absent from it on purpose: only the validator, with
/// the catalog of the executors' engines, knows them.
public struct CoreNode: Sendable, Hashable {
    /// How many outputs the class has: a link `["id", index]` to it needs `index < outputCount`.
    public var outputCount: Int
    /// Whether ComfyUI runs the graph for this node's sake (`OUTPUT_NODE`), e.g. `SaveImage`.
    public var isOutputNode: Bool

    public init(outputCount: Int, isOutputNode: Bool) {
        self.outputCount = outputCount
        self.isOutputNode = isOutputNode
    }
}
