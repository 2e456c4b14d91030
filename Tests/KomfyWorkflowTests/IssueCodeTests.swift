import KomfyEvents
import KomfyWorkflow
import Testing

@Suite("One representative case per issue code")
struct IssueCodeTests {
    @Test("Codes keep their snake_case names")
    func codeNames() {
        #expect(StructureIssue.Code.allCases.map(\.rawValue) == [
            "invalid_prompt", "ui_format_workflow", "invalid_node", "invalid_node_connection", "missing_node",
            "bad_output_index", "dependency_cycle", "prompt_no_outputs",
        ])
    }

    @Test("invalid_prompt: not an object, or no nodes")
    func invalidPrompt() {
        let array = WorkflowStructure.check([Prompts.seed])
        #expect(array.issues == [
            StructureIssue(code: .invalidPrompt, message: "The prompt must be a JSON object of node ids to nodes, got an array"),
        ])
        #expect(array.outputNodeIDs == [])
        #expect(WorkflowStructure.check("{}").messages == [
            "The prompt must be a JSON object of node ids to nodes, got a string",
        ])
        #expect(WorkflowStructure.check(.null).messages == [
            "The prompt must be a JSON object of node ids to nodes, got null",
        ])
        #expect(WorkflowStructure.check([:]).issues == [
            StructureIssue(code: .invalidPrompt, message: "The prompt has no nodes: it must be a JSON object of node ids to nodes"),
        ])
    }

    @Test("ui_format_workflow: the canvas \"Save\" format is recognised and the fix explained")
    func uiFormat() {
        let canvas = Prompts.decode("""
            {"last_node_id": 9, "last_link_id": 9, "version": 0.4,
             "nodes": [{"id": 3, "type": "KSampler", "inputs": [{"name": "model", "type": "MODEL", "link": 1}],
                        "outputs": [{"name": "LATENT", "type": "LATENT", "links": [7]}], "widgets_values": [42]}],
             "links": [[1, 4, 0, 3, 0, "MODEL"]], "groups": [], "config": {}, "extra": {}}
            """)
        let report = WorkflowStructure.check(canvas)
        #expect(report.issues == [
            StructureIssue(
                code: .uiFormatWorkflow,
                message: "This is a workflow saved with \"Save\" (it has \"nodes\" and \"links\"), not the API format: "
                    + "in ComfyUI export it with \"Save (API Format)\" instead (if that menu entry is missing, "
                    + "enable the dev mode options in ComfyUI's settings first)"
            ),
        ])
        // An empty canvas is still the canvas format, not an API prompt with two broken nodes.
        #expect(WorkflowStructure.check(["nodes": [], "links": []]).codes == [.uiFormatWorkflow])
        // Nodes that happen to be called "nodes" and "links" are API-format nodes.
        let named = WorkflowStructure.check([
            "nodes": Prompts.node("EmptyLatentImage"), "links": Prompts.node("SaveLatent", ["samples": ["nodes", 0]]),
        ])
        #expect(named.issues == [])
    }

    @Test("invalid_node: each way a node can be malformed has its own message")
    func invalidNode() {
        let cases: [(JSONValue?, String)] = [
            ("EmptyLatentImage", "Node 4: a node must be an object with \"class_type\" and \"inputs\", got a string"),
            (["inputs": ["width": 8]], "Node 4: \"class_type\" is missing: set it to the node's type, such as \"KSampler\""),
            (["class_type": 5, "inputs": [:]], "Node 4: \"class_type\" must be a string such as \"KSampler\", got a number"),
            (["class_type": "", "inputs": [:]], "Node 4: \"class_type\" is empty: set it to the node's type, such as \"KSampler\""),
            (["class_type": "EmptyLatentImage"], "Node 4: \"inputs\" is missing: give the node's inputs as an object, {} if it has none"),
            (["class_type": "EmptyLatentImage", "inputs": []], "Node 4: \"inputs\" must be an object of input names to values, got an array"),
        ]
        for (node, message) in cases {
            let report = WorkflowStructure.check(Prompts.seed(replacing: "4", with: node))
            #expect(report.issues == [StructureIssue(code: .invalidNode, message: message, nodeID: "4")])
        }
        let both = WorkflowStructure.check(Prompts.seed(replacing: "4", with: ["class_type": .null]))
        #expect(both.messages == [
            "Node 4: \"class_type\" must be a string such as \"KSampler\", got null",
            "Node 4: \"inputs\" is missing: give the node's inputs as an object, {} if it has none",
        ])
    }

    @Test("invalid_node: an empty node id is named and the node still checked")
    func emptyNodeID() {
        var nodes = Prompts.seedNodes
        nodes[""] = Prompts.node("PreviewImage", ["images": ["6", 1]])
        let report = WorkflowStructure.check(.object(nodes))
        #expect(report.issues == [
            StructureIssue(code: .invalidNode, message: "Node \"\": node ids must not be empty; use ids such as \"1\"", nodeID: ""),
            StructureIssue(
                code: .badOutputIndex,
                message: "Node \"\": input 'images' links to output 1 of node 6 (VAEDecode), which has only output 0",
                nodeID: "", input: "images"
            ),
        ])
    }

    @Test("invalid_node_connection: a numeric node id says to write the id as a string")
    func numericNodeID() {
        let report = WorkflowStructure.check(Prompts.seed(node: "2", input: "clip", [1, 1]))
        #expect(report.issues == [
            StructureIssue(
                code: .invalidNodeConnection,
                message: "Node 2: Invalid node connection in input 'clip': node ids are strings, write [\"1\", 1] instead of [1, 1]",
                nodeID: "2", input: "clip"
            ),
        ])
        #expect(report.issues[0].message.contains("Invalid node connection"))
    }

    static let malformed: [(link: JSONValue, problem: String)] = [
        (["1", -1], "the output index must be a whole number of 0 or more, got [\"1\", -1]"),
        (["1", 0.5], "the output index must be a whole number of 0 or more, got [\"1\", 0.5]"),
        ([1, -1], "write [\"node_id\", output_index] with a string id and an index of 0 or more, not [1, -1]"),
        ([1.0, 1], "node ids are strings, write [\"1\", 1] instead of [1, 1]"),
        ([.uint(UInt64.max), 2.0], "node ids are strings, write [\"18446744073709551615\", 2] instead of [18446744073709551615, 2]"),
    ]

    @Test("invalid_node_connection: negative and fractional indexes, numeric ids", arguments: malformed)
    func malformedLinks(link: JSONValue, problem: String) {
        let report = WorkflowStructure.check(Prompts.seed(node: "2", input: "clip", link))
        #expect(report.messages == ["Node 2: Invalid node connection in input 'clip': " + problem])
        #expect(report.codes == [.invalidNodeConnection])
    }

    @Test("missing_node: a link to a node id that is not in the prompt")
    func missingNode() {
        let report = WorkflowStructure.check(Prompts.seed(node: "6", input: "vae", ["9", 2]))
        #expect(report.issues == [
            StructureIssue(
                code: .missingNode, message: "Node 6: input 'vae' links to node 9, which is not in the prompt",
                nodeID: "6", input: "vae"
            ),
        ])
        #expect(report.outputNodeIDs == ["7"])
    }

    static let missingOutputs: [(node: String, input: String, link: JSONValue, message: String)] = [
        ("6", "vae", ["1", 3],
         "Node 6: input 'vae' links to output 3 of node 1 (CheckpointLoaderSimple), which has outputs 0 to 2"),
        ("7", "images", ["6", 1], "Node 7: input 'images' links to output 1 of node 6 (VAEDecode), which has only output 0"),
        ("8", "images", ["7", 0], "Node 8: input 'images' links to output 0 of node 7 (SaveImage), which has no outputs"),
    ]

    @Test("bad_output_index: an output a core node does not have", arguments: missingOutputs)
    func badOutputIndex(node: String, input: String, link: JSONValue, message: String) {
        var nodes = Prompts.seedNodes
        nodes["8"] = Prompts.node("PreviewImage", ["images": ["6", 0]])
        nodes[node] = Prompts.setting(input, to: link, in: nodes[node]!)
        let report = WorkflowStructure.check(.object(nodes))
        #expect(report.issues == [StructureIssue(code: .badOutputIndex, message: message, nodeID: node, input: input)])
    }

    @Test("dependency_cycle: the loop is named from its lowest node")
    func dependencyCycle() {
        let report = WorkflowStructure.check(Prompts.seed(node: "5", input: "model", ["6", 0]))
        #expect(report.issues == [
            StructureIssue(
                code: .dependencyCycle,
                message: "Node 5: Dependency cycle 5 -> 6 -> 5 (each node takes an input from the next): remove one of these links",
                nodeID: "5", input: "model"
            ),
        ])
    }

    @Test("prompt_no_outputs: only when every class is a known core class")
    func promptNoOutputs() {
        let report = WorkflowStructure.check(Prompts.seed(replacing: "7", with: nil))
        #expect(report.issues == [
            StructureIssue(
                code: .promptNoOutputs, message: "Prompt has no outputs: add an output node such as SaveImage or PreviewImage"
            ),
        ])
        #expect(report.allClassesKnown)

        let custom = WorkflowStructure.check(Prompts.seed(replacing: "7", with: Prompts.node("SaveImageToS3", ["images": ["6", 0]])))
        #expect(custom.issues == [])
        #expect(custom.outputNodeIDs == [])
        #expect(!custom.allClassesKnown)

        let misspelt = WorkflowStructure.check(Prompts.seed(replacing: "7", with: Prompts.node("SaveImages", ["images": ["6", 0]])))
        #expect(misspelt.issues == [], "the validator, with the catalog, names unknown classes")
    }
}
