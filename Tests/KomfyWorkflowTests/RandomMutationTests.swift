import KomfyEvents
import KomfyWorkflow
import KomfyTestRandom
import Testing

@Suite("Randomly broken seed workflows")
struct RandomMutationTests {
    static let cases: UInt64 = 1_000

    /// The checker against plain re-implementations of each rule: every mutation of the seed workflow
    /// gets exactly the link issues the rules call for, and a cycle report exactly when there is one.
    @Test("Link issues and cycles match an independent reading of the mutated prompt")
    func mutatedSeeds() throws {
        var seen: [StructureIssue.Code: Int] = [:]
        for seed in 1...Self.cases {
            var random = SplitMix64(seed: seed)
            let nodes = Mutator.mutate(Prompts.seedNodes, using: &random)
            let report = WorkflowStructure.check(.object(nodes))
            let oracle = Oracle(nodes: nodes)

            try #require(report.inputs(with: .missingNode) == oracle.missingLinks, "seed \(seed): \(nodes)")
            try #require(report.inputs(with: .invalidNodeConnection) == oracle.malformedLinks, "seed \(seed)")
            try #require(report.inputs(with: .badOutputIndex) == oracle.badOutputLinks, "seed \(seed)")
            try #require(report.codes.contains(.dependencyCycle) == oracle.hasCycle, "seed \(seed): \(nodes)")

            let ranks = report.issues.compactMap(\.nodeID)
            try #require(ranks == ranks.sorted(by: NodeIDOrder.precedes), "seed \(seed)")
            try #require(report.messages.allSatisfy { !$0.contains("\n") }, "seed \(seed)")
            var reversed: [String: JSONValue] = [:]
            for key in nodes.keys.sorted().reversed() { reversed[key] = nodes[key] }
            try #require(WorkflowStructure.check(.object(reversed)) == report, "seed \(seed)")

            for code in Set(report.codes) { seen[code, default: 0] += 1 }
        }
        // The mutations must reach every node-level rule often, or the comparison proves little.
        for code in [StructureIssue.Code.missingNode, .invalidNodeConnection, .badOutputIndex, .dependencyCycle, .invalidNode] {
            #expect(seen[code, default: 0] >= 50, "\(code): \(seen)")
        }
    }
}

private struct InputRef: Hashable {
    var node: String
    var input: String
}

extension StructureReport {
    fileprivate func inputs(with code: StructureIssue.Code) -> Set<InputRef> {
        Set(issues.filter { $0.code == code }.map { InputRef(node: $0.nodeID ?? "?", input: $0.input ?? "?") })
    }
}

/// Breaks the seed workflow the ways clients do: nodes dropped, links rewired, ids changed without
/// updating the links, odd values, malformed nodes.
private enum Mutator {
    static let idPool = ["1", "5", "7", "8", "99", "", "10:5", "x", "07"]
    static let oddValues: [JSONValue] = [[1, 1], ["3", -1], ["a", "b"], [2, 0.5], "text", 3, [], ["5", 0, 1], [1, -2]]

    static func mutate(_ prompt: [String: JSONValue], using random: inout SplitMix64) -> [String: JSONValue] {
        var nodes = prompt
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let ids = nodes.keys.sorted()
            guard let id = ids.randomElement(using: &random) else { break }
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                nodes[id] = nil
            case 1, 2, 3:
                let target = (ids + idPool).randomElement(using: &random)!
                let link: JSONValue = [.string(target), .int(Int64.random(in: 0...3, using: &random))]
                nodes[id] = Prompts.setting(inputName(of: nodes[id]!, using: &random), to: link, in: nodes[id]!)
            case 4, 5:
                let newID = idPool.randomElement(using: &random)!
                let node = nodes.removeValue(forKey: id)
                nodes[newID] = node
            case 6, 7:
                let value = oddValues.randomElement(using: &random)!
                nodes[id] = Prompts.setting(inputName(of: nodes[id]!, using: &random), to: value, in: nodes[id]!)
            case 8:
                nodes[id] = Bool.random(using: &random) ? .null : ["inputs": nodes[id]?["inputs"] ?? [:]]
            default:
                nodes[id] = Prompts.node("MyStudio.Custom", nodes[id]?["inputs"]?.objectValue ?? [:])
            }
        }
        return nodes
    }

    private static func inputName(of node: JSONValue, using random: inout SplitMix64) -> String {
        let names = (node["inputs"]?.objectValue?.keys.sorted() ?? []) + ["extra"]
        return names.randomElement(using: &random)!
    }
}

/// The rules of docs/validation.md written the plainest way, without sharing code with the checker.
private struct Oracle {
    var missingLinks: Set<InputRef> = []
    var malformedLinks: Set<InputRef> = []
    var badOutputLinks: Set<InputRef> = []
    var hasCycle = false

    init(nodes: [String: JSONValue]) {
        var dependsOn: [String: [String]] = [:]
        for (id, node) in nodes {
            for (input, value) in node["inputs"]?.objectValue ?? [:] {
                guard let pair = value.arrayValue, pair.count == 2 else { continue }
                let ref = InputRef(node: id, input: input)
                switch (pair[0], pair[1]) {
                case (.string(let target), .int(let index)) where index >= 0:
                    guard let linked = nodes[target] else {
                        missingLinks.insert(ref)
                        continue
                    }
                    dependsOn[id, default: []].append(target)
                    if let classType = linked["class_type"]?.stringValue, let core = CoreNode.byClassType[classType],
                        index >= core.outputCount
                    {
                        badOutputLinks.insert(ref)
                    }
                case (.string, .int), (.int, .int):
                    malformedLinks.insert(ref)
                default:
                    continue
                }
            }
        }
        hasCycle = Self.hasCycle(nodes: Array(nodes.keys), dependsOn: dependsOn)
    }

    /// Kahn's algorithm: repeatedly remove nodes nothing left depends on; a cycle is what remains.
    private static func hasCycle(nodes: [String], dependsOn: [String: [String]]) -> Bool {
        var dependents: [String: Int] = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
        for targets in dependsOn.values { for target in targets { dependents[target, default: 0] += 1 } }
        var free = nodes.filter { dependents[$0] == 0 }
        var removed = 0
        while let node = free.popLast() {
            removed += 1
            for target in dependsOn[node] ?? [] {
                dependents[target]! -= 1
                if dependents[target] == 0 { free.append(target) }
            }
        }
        return removed < nodes.count
    }
}
