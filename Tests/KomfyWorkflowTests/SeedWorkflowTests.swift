import KomfyEvents
import KomfyWorkflow
import Testing

@Suite("Prompts that pass")
struct SeedWorkflowTests {
    @Test("The seed text-to-image workflow passes with SaveImage node 7 as its only output")
    func seedPasses() {
        let report = WorkflowStructure.check(Prompts.seed)
        #expect(report.issues == [])
        #expect(report.passed)
        #expect(report.outputNodeIDs == ["7"])
        #expect(report.allClassesKnown)
    }

    @Test("Every output node is listed, in node id order")
    func severalOutputs() {
        var nodes = Prompts.seedNodes
        nodes["12"] = Prompts.node("PreviewImage", ["images": ["6", 0]])
        nodes["10:3"] = Prompts.node("SaveLatent", ["samples": ["5", 0], "filename_prefix": "latents/x"])
        let report = WorkflowStructure.check(.object(nodes))
        #expect(report.issues == [])
        #expect(report.outputNodeIDs == ["7", "10:3", "12"])
    }

    @Test("A custom node passes unchecked: its outputs are unknown and it may be the output node")
    func customNodes() {
        var nodes = Prompts.seedNodes
        nodes["7"] = Prompts.node("MyStudio.UploadToBucket", ["images": ["6", 0], "bucket": "renders"])
        nodes["8"] = Prompts.node("MyStudio.Upscaler", ["image": ["6", 0]])
        nodes["9"] = Prompts.node("PreviewImage", ["images": ["8", 4]])
        let report = WorkflowStructure.check(.object(nodes))
        #expect(report.issues == [])
        #expect(report.outputNodeIDs == ["9"])
        #expect(!report.allClassesKnown)
    }

    @Test("Group node ids such as \"10:5\" link like any other id")
    func groupNodeIDs() {
        var nodes = Prompts.seedNodes
        nodes["6"] = nil
        nodes["12:6"] = Prompts.node("VAEDecode", ["samples": ["5", 0], "vae": ["1", 2]])
        nodes["7"] = Prompts.setting("images", to: ["12:6", 0], in: nodes["7"]!)
        #expect(WorkflowStructure.check(.object(nodes)).issues == [])
    }

    @Test("Plain list values are not mistaken for links")
    func plainLists() {
        let lists: [JSONValue] = [
            [], ["a"], ["a", "b"], ["1", "1"], ["1", true], [1, 0.5], [1, 2, 3], ["1", 0, 0], [["1", 0]], [.null, 0],
            ["1", ["x": 1]],
        ]
        for list in lists {
            let report = WorkflowStructure.check(Prompts.seed(node: "7", input: "extra", list))
            #expect(report.issues == [], "\(list)")
        }
    }

    @Test("A whole double index and an index beyond Int64 read as output indexes")
    func indexForms() {
        #expect(WorkflowStructure.check(Prompts.seed(node: "6", input: "vae", ["1", 2.0])).issues == [])
        let huge = WorkflowStructure.check(Prompts.seed(node: "6", input: "vae", ["1", .uint(UInt64.max)]))
        #expect(huge.codes == [.badOutputIndex])
        #expect(huge.messages == [
            "Node 6: input 'vae' links to output 18446744073709551615 of node 1 (CheckpointLoaderSimple), which has outputs 0 to 2",
        ])
    }

    @Test("The core table is the engine's: 516 classes, 32 output nodes")
    func coreTable() {
        #expect(CoreNode.byClassType.count == 516)
        #expect(CoreNode.byClassType.values.filter(\.isOutputNode).count == 32)
        #expect(CoreNode.byClassType["CheckpointLoaderSimple"] == CoreNode(outputCount: 3, isOutputNode: false))
        #expect(CoreNode.byClassType["SaveImage"] == CoreNode(outputCount: 0, isOutputNode: true))
        #expect(CoreNode.byClassType["PreviewAny"]?.isOutputNode == true)
        #expect(CoreNode.byClassType["Epsilon Scaling"] == CoreNode(outputCount: 1, isOutputNode: false))
        #expect(CoreNode.byClassType["saveimage"] == nil)
    }
}
