/// What `WorkflowStructure.check(_:)` found in a prompt.
public struct StructureReport: Sendable, Hashable {
    /// Every issue found, in a fixed order: issues about nodes first, by node id (see `NodeIDOrder`),
    /// then by input name (issues about the node itself before those about its inputs); issues about
    /// the whole prompt last. Empty when the prompt passed. When the prompt is not a node map at all
    /// (`invalid_prompt`, `ui_format_workflow`) that single issue is the only one.
    public var issues: [StructureIssue]

    /// The ids of the nodes whose class is a known core output node (`SaveImage`, `PreviewImage`,
    /// ...), in node id order. Nodes of classes the table does not know (custom nodes) are never
    /// listed, even if they are output nodes: see `allClassesKnown`.
    public var outputNodeIDs: [String]

    /// Whether every node's `class_type` is a core class, so `outputNodeIDs` is the complete list of
    /// output nodes. When `false`, only the validator, with the node catalog, knows the full list.
    public var allClassesKnown: Bool

    public var passed: Bool { issues.isEmpty }

    public init(issues: [StructureIssue], outputNodeIDs: [String], allClassesKnown: Bool) {
        self.issues = issues
        self.outputNodeIDs = outputNodeIDs
        self.allClassesKnown = allClassesKnown
    }
}
