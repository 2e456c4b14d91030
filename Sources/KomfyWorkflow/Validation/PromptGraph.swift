import KomfyEvents

/// A prompt that passed the structural check, indexed for the validator: nodes numbered in node id
/// order, their classes and inputs, and who links to whom.
struct PromptGraph {
    let ids: [String]
    let positionOf: [String: Int]
    let classTypes: [String]
    let inputs: [[String: JSONValue]]
    /// `dependencies[n]`: the nodes that node `n` takes an input from, through any of its inputs.
    let dependencies: [[Int]]

    /// `nodes` must have passed `WorkflowStructure.check`: every node is an object with a string
    /// `class_type` and an `inputs` object, and every link names a node of the prompt.
    init(nodes: [String: JSONValue]) {
        let sorted = nodes.sorted { NodeIDOrder.precedes($0.key, $1.key) }
        ids = sorted.map(\.key)
        var positionOf: [String: Int] = [:]
        positionOf.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() { positionOf[id] = position }
        self.positionOf = positionOf
        classTypes = sorted.map { $0.value["class_type"]?.stringValue ?? "" }
        inputs = sorted.map { $0.value["inputs"]?.objectValue ?? [:] }
        dependencies = inputs.map { inputs in
            inputs.values.compactMap { value in
                if case .link(let target, _) = InputValue(value) { return positionOf[target] }
                return nil
            }
        }
    }

    var count: Int { ids.count }

    /// Which nodes run when the `roots` run: the roots and everything they take inputs from,
    /// directly or not. ComfyUI runs only these, and validates only these.
    func ancestors(of roots: [Int]) -> [Bool] {
        var reached = [Bool](repeating: false, count: count)
        var stack = roots
        for root in roots { reached[root] = true }
        while let node = stack.popLast() {
            for next in dependencies[node] where !reached[next] {
                reached[next] = true
                stack.append(next)
            }
        }
        return reached
    }

    /// For each node, the output nodes among `outputs` that depend on it (ComfyUI's
    /// `dependent_outputs`), computed for the `nodes` asked about only.
    func dependentOutputs(of nodes: Set<Int>, outputs: [Int]) -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for output in outputs {
            for (node, isAncestor) in ancestors(of: [output]).enumerated() where isAncestor && nodes.contains(node) {
                result[node, default: []].append(output)
            }
        }
        return result
    }
}
