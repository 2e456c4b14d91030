import KomfyEvents
import KomfyWorkflow
import KomfyTestRandom
import Testing

@Suite("Order and wording of the report")
struct OrderingTests {
    @Test("Node ids sort with digit runs as numbers, then byte by byte")
    func nodeIDOrder() {
        let ids = ["b", "10:12", "", "a10", "2", "10", "11", "1", "a9", "10:5", "01", "A", "9z"]
        #expect(ids.sorted(by: NodeIDOrder.precedes) == ["", "01", "1", "2", "9z", "10", "10:5", "10:12", "11", "A", "a9", "a10", "b"])
        #expect(!NodeIDOrder.precedes("7", "7"))
        #expect(NodeIDOrder.precedes("99999999999999999999", "100000000000000000000"))
        #expect(NodeIDOrder.precedes("0", "00"))
    }

    @Test("The id order is a strict total order on random ids")
    func totalOrder() {
        var random = SplitMix64(seed: 7)
        let alphabet: [Character] = ["0", "1", "9", ":", "a", "B"]
        let ids = (0..<60).map { _ in
            String((0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for a in ids {
            for b in ids {
                let before = NodeIDOrder.precedes(a, b)
                let after = NodeIDOrder.precedes(b, a)
                #expect([before, after, a == b].filter { $0 }.count == 1, "\(a) \(b)")
                for c in ids where before && NodeIDOrder.precedes(b, c) {
                    #expect(NodeIDOrder.precedes(a, c), "\(a) < \(b) < \(c)")
                }
            }
        }
    }

    /// Issues of several kinds on nodes whose ids sort differently as text and as numbers.
    static let messy: [String: JSONValue] = [
        "2": Prompts.node("KSampler", ["model": ["99", 0], "latent_image": [4, 0], "seed": 1]),
        "10": ["inputs": ["z": ["2", 5], "a": "plain"]],
        "10:5": Prompts.node("VAEDecode", ["samples": ["10:5", 0]]),
        "b": .null,
        "": Prompts.node("PreviewImage", ["images": ["10:5", 0]]),
    ]

    @Test("Issues come by node id, then node before input issues, then input name")
    func issueOrder() {
        let report = WorkflowStructure.check(.object(Self.messy))
        #expect(report.issues.map { [$0.code.rawValue, $0.nodeID ?? "-", $0.input ?? "-"] } == [
            ["invalid_node", "", "-"],
            ["invalid_node_connection", "2", "latent_image"],
            ["missing_node", "2", "model"],
            ["invalid_node", "10", "-"],
            ["bad_output_index", "10", "z"],
            ["dependency_cycle", "10:5", "samples"],
            ["invalid_node", "b", "-"],
        ])
        #expect(report.outputNodeIDs == [""])
        #expect(!report.allClassesKnown)
    }

    @Test("Prompt-wide issues come after node issues")
    func promptIssuesLast() {
        let report = WorkflowStructure.check(["1": Prompts.node("VAEDecode", ["samples": ["3", 0]])])
        #expect(report.codes == [.missingNode, .promptNoOutputs])
    }

    @Test("The same prompt built in any order gives the same report")
    func deterministic() {
        let first = WorkflowStructure.check(.object(Self.messy))
        let keys = Array(Self.messy.keys)
        for rotation in 0..<keys.count {
            var rebuilt: [String: JSONValue] = [:]
            for key in keys[rotation...] + keys[..<rotation] { rebuilt[key] = Self.messy[key] }
            #expect(WorkflowStructure.check(.object(rebuilt)) == first)
        }
    }

    @Test("Ids and names with spaces or control characters keep the message on one line")
    func oneLine() {
        var nodes = Prompts.seedNodes
        nodes["my node"] = Prompts.node("PreviewImage", ["line\nbreak": ["\n", 0]])
        let report = WorkflowStructure.check(.object(nodes))
        #expect(report.messages == [
            #"Node "my node": input 'line\nbreak' links to node "\n", which is not in the prompt"#,
        ])
        #expect(report.issues[0].nodeID == "my node")
        #expect(report.issues[0].input == "line\nbreak")
        #expect(!report.messages[0].contains("\n"))
    }

    @Test("Every message about a node starts with \"Node <id>: \"")
    func nodePrefix() throws {
        for issue in WorkflowStructure.check(.object(Self.messy)).issues {
            let id = try #require(issue.nodeID)
            #expect(issue.message.hasPrefix(id.isEmpty ? "Node \"\": " : "Node \(id): "), "\(issue)")
        }
    }
}
