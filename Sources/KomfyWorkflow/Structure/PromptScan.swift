import KomfyEvents

/// One pass over the nodes of a prompt that is a non-empty JSON object: checks each node's shape and
/// links, builds the dependency graph for `CycleFinder`, and collects issues in report order.
///
/// Nodes are numbered by their position in `NodeIDOrder`, so "lowest node" and "report order" are
/// the same thing everywhere.
struct PromptScan {
    private let ids: [String]
    private let positionOf: [String: Int]
    private let nodes: [ScannedNode]
    private var issues: [RankedIssue] = []
    /// `dependencies[n]` are the nodes that node `n` links to, in input name order, and
    /// `dependencyInputs[n]` the inputs those links come from.
    private var dependencies: [[Int]]
    private var dependencyInputs: [[String]]

    private struct ScannedNode {
        var classType: String?
        var core: CoreNode?
        var inputs: [String: JSONValue]?
    }

    private struct RankedIssue {
        /// The node's position, or `Int.max` for issues about the whole prompt.
        var rank: Int
        var sequence: Int
        var issue: StructureIssue
    }

    init(nodes prompt: [String: JSONValue]) {
        let sorted = prompt.sorted { NodeIDOrder.precedes($0.key, $1.key) }
        ids = sorted.map(\.key)
        var positionOf: [String: Int] = [:]
        positionOf.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() { positionOf[id] = position }
        self.positionOf = positionOf
        dependencies = Array(repeating: [], count: ids.count)
        dependencyInputs = Array(repeating: [], count: ids.count)

        var shapeIssues: [StructureIssue] = []
        nodes = sorted.map { id, node in Self.scanShape(of: node, id: id, into: &shapeIssues) }
        for issue in shapeIssues { record(issue) }
    }

    mutating func report() -> StructureReport {
        for position in nodes.indices { scanLinks(of: position) }
        for cycle in CycleFinder.cycles(in: dependencies) {
            let path = cycle.nodes.map { ids[$0] }
            let input = dependencyInputs[cycle.nodes[0]][cycle.links[0]]
            record(.dependencyCycle(path: path, input: input))
        }

        var outputNodeIDs: [String] = []
        var allClassesKnown = true
        for (position, node) in nodes.enumerated() {
            guard let core = node.core else {
                allClassesKnown = false
                continue
            }
            if core.isOutputNode { outputNodeIDs.append(ids[position]) }
        }
        if outputNodeIDs.isEmpty && allClassesKnown { record(.promptNoOutputs) }

        let ordered = issues.sorted { left, right in
            if left.rank != right.rank { return left.rank < right.rank }
            switch (left.issue.input, right.issue.input) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (.some(let leftInput), .some(let rightInput)) where leftInput != rightInput:
                return leftInput < rightInput
            default: return left.sequence < right.sequence
            }
        }
        return StructureReport(
            issues: ordered.map(\.issue), outputNodeIDs: outputNodeIDs, allClassesKnown: allClassesKnown
        )
    }

    private static func scanShape(of value: JSONValue, id: String, into issues: inout [StructureIssue]) -> ScannedNode {
        if id.isEmpty { issues.append(.emptyNodeID) }
        guard case .object(let node) = value else {
            issues.append(.nodeNotObject(id, value))
            return ScannedNode()
        }
        var scanned = ScannedNode()
        switch node["class_type"] {
        case nil: issues.append(.classTypeMissing(id))
        case .string(let classType) where classType.isEmpty: issues.append(.classTypeEmpty(id))
        case .string(let classType):
            scanned.classType = classType
            scanned.core = CoreNode.byClassType[classType]
        case let other?: issues.append(.classTypeNotString(id, other))
        }
        switch node["inputs"] {
        case nil: issues.append(.inputsMissing(id))
        case .object(let inputs): scanned.inputs = inputs
        case let other?: issues.append(.inputsNotObject(id, other))
        }
        return scanned
    }

    private mutating func scanLinks(of position: Int) {
        guard let inputs = nodes[position].inputs, !inputs.isEmpty else { return }
        let id = ids[position]
        // Only the inputs that are (or look like) links matter here, and most inputs are plain
        // values: sort just those, in input name order.
        var linkLike: [(name: String, value: InputValue)] = []
        for (name, value) in inputs {
            let input = InputValue(value)
            if case .plain = input { continue }
            linkLike.append((name, input))
        }
        linkLike.sort { $0.name < $1.name }
        for (name, input) in linkLike {
            switch input {
            case .plain:
                continue
            case .numericNodeID(let written):
                record(.numericNodeID(id, input: name, written: written))
            case .invalidOutputIndex(let written):
                record(.invalidOutputIndex(id, input: name, written: written))
            case .link(let targetID, let outputIndex):
                guard let target = positionOf[targetID] else {
                    record(.missingNode(id, input: name, target: targetID))
                    continue
                }
                dependencies[position].append(target)
                dependencyInputs[position].append(name)
                let linked = nodes[target]
                if let core = linked.core, let classType = linked.classType, outputIndex >= UInt64(core.outputCount) {
                    record(
                        .badOutputIndex(
                            id, input: name, target: targetID, classType: classType,
                            outputIndex: outputIndex, outputCount: core.outputCount
                        )
                    )
                }
            }
        }
    }

    private mutating func record(_ issue: StructureIssue) {
        let rank = issue.nodeID.flatMap { positionOf[$0] } ?? Int.max
        issues.append(RankedIssue(rank: rank, sequence: issues.count, issue: issue))
    }
}
