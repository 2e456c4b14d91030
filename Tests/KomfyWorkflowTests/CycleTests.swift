import KomfyEvents
@testable import KomfyWorkflow
import Testing

@Suite("Dependency cycles")
struct CycleTests {
    @Test("A node linked to its own output is a cycle of one")
    func selfLink() {
        let report = WorkflowStructure.check(Prompts.seed(node: "5", input: "latent_image", ["5", 0]))
        #expect(report.issues == [
            StructureIssue(
                code: .dependencyCycle,
                message: "Node 5: Dependency cycle 5 -> 5 (input 'latent_image' links to the node's own output): remove that link",
                nodeID: "5", input: "latent_image"
            ),
        ])
    }

    static let rewiredLoops: [(node: String, input: String, link: JSONValue, path: String)] = [
        ("5", "model", ["6", 0], "5 -> 6 -> 5"),
        ("2", "clip", ["6", 0], "2 -> 6 -> 5 -> 2"),
        ("1", "ckpt_name", ["7", 0], "1 -> 7 -> 6 -> 1"),
    ]

    @Test("Cycles of two and three nodes are named in link order", arguments: rewiredLoops)
    func namedCycles(node: String, input: String, link: JSONValue, path: String) {
        let report = WorkflowStructure.check(Prompts.seed(node: node, input: input, link))
        let cycles = report.issues.filter { $0.code == .dependencyCycle }
        #expect(cycles == [
            StructureIssue(
                code: .dependencyCycle,
                message: "Node \(node): Dependency cycle \(path) (each node takes an input from the next): remove one of these links",
                nodeID: node, input: input
            ),
        ])
    }

    @Test("Overlapping loops are one tangle and reported once; separate loops each once")
    func noDuplicates() {
        // 5 <-> 6 and 1 -> 5 -> 6 -> 1 share nodes 5 and 6: one report, the shortest loop through 1.
        var tangled = Prompts.seedNodes
        tangled["5"] = Prompts.setting("model", to: ["6", 0], in: tangled["5"]!)
        tangled["1"] = Prompts.setting("ckpt_name", to: ["5", 0], in: tangled["1"]!)
        let report = WorkflowStructure.check(.object(tangled))
        #expect(report.codes == [.dependencyCycle])
        #expect(report.messages == [
            "Node 1: Dependency cycle 1 -> 5 -> 6 -> 1 (each node takes an input from the next): remove one of these links",
        ])

        var separate = Prompts.seedNodes
        separate["2"] = Prompts.setting("clip", to: ["2", 0], in: separate["2"]!)
        separate["4"] = Prompts.setting("batch_size", to: ["5", 0], in: separate["4"]!)
        let two = WorkflowStructure.check(.object(separate))
        #expect(two.issues.map(\.nodeID) == ["2", "4"])
        #expect(two.messages == [
            "Node 2: Dependency cycle 2 -> 2 (input 'clip' links to the node's own output): remove that link",
            "Node 4: Dependency cycle 4 -> 5 -> 4 (each node takes an input from the next): remove one of these links",
        ])
    }

    @Test("A 10,000-node chain passes without deep recursion")
    func longChain() {
        let report = WorkflowStructure.check(Prompts.chain(of: 10_000))
        #expect(report.issues == [])
        #expect(report.outputNodeIDs == ["10000"])
    }

    @Test("A 10,000-node ring is one cycle, named in short")
    func longRing() {
        let report = WorkflowStructure.check(Prompts.ring(of: 10_000))
        #expect(report.codes == [.dependencyCycle, .promptNoOutputs])
        #expect(report.issues.prefix(1) == [
            StructureIssue(
                code: .dependencyCycle,
                message: "Node 1: Dependency cycle of 10000 nodes 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 7 -> 8 -> ... -> 9998 -> 9999 "
                    + "-> 10000 -> 1 (each node takes an input from the next): remove one of these links",
                nodeID: "1", input: "samples"
            ),
        ])
    }

    @Test("The longest cycle shown in full has 12 nodes")
    func shortenedAbove12() {
        let twelve = WorkflowStructure.check(Prompts.ring(of: 12)).messages
        #expect(twelve.prefix(1) == [
            "Node 1: Dependency cycle 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 7 -> 8 -> 9 -> 10 -> 11 -> 12 -> 1 "
                + "(each node takes an input from the next): remove one of these links",
        ])
        #expect(WorkflowStructure.check(Prompts.ring(of: 13)).messages[0].contains("cycle of 13 nodes 1 -> 2"))
    }

    @Test("The finder returns the shortest way back through the lowest node of each component")
    func finder() {
        // 0 -> 1 -> 2 -> 3 -> 0 and the shortcut 0 -> 3; 4 -> 4; 5 -> 6 (no cycle).
        let dependencies = [[1, 3], [2], [3], [0], [4], [6], []]
        #expect(CycleFinder.cycles(in: dependencies) == [
            CycleFinder.Cycle(nodes: [0, 3], links: [1, 0]),
            CycleFinder.Cycle(nodes: [4], links: [0]),
        ])
        #expect(CycleFinder.cycles(in: []) == [])
        #expect(CycleFinder.cycles(in: [[], [0], [0, 1]]) == [])
    }

    @Test("The finder handles 100,000 nodes in one loop and as a deep chain into a loop")
    func finderScale() {
        let count = 100_000
        let ring = (0..<count).map { [($0 + 1) % count] }
        let found = CycleFinder.cycles(in: ring)
        #expect(found.count == 1)
        #expect(found.first?.nodes.count == count)
        #expect(found.first?.nodes.first == 0)

        // Node 0 is a long way from the loop at the far end: the search must unwind a deep path.
        var chain = (0..<count).map { [$0 + 1] }
        chain[count - 1] = [count - 2]
        #expect(CycleFinder.cycles(in: chain) == [CycleFinder.Cycle(nodes: [count - 2, count - 1], links: [0, 0])])
    }
}
