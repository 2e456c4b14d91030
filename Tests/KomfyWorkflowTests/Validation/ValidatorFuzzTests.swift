import KomfyEvents
import KomfyTestRandom
import KomfyWorkflow
import Testing

/// Random mutations of the seed workflow: the validator never crashes, and always ends in a verdict
/// whose rejection has a one-line message and the `workflow_error` code.
@Suite struct ValidatorFuzzTests {
    static let cases: UInt64 = 3_000

    @Test func mutatedSeedsAlwaysGetAVerdict() async throws {
        let catalog = try await EngineCatalog.shared()
        let rules = ValidationRules(knownModels: ["checkpoints": ["known.safetensors"]])
        var outcomes: [String: Int] = [:]
        for seed in 1...Self.cases {
            // Seconds of CPU in all: give the cooperative pool's threads (one per core, shared by
            // every test running in parallel) back now and then, or tests waiting on I/O stall.
            if seed % 100 == 0 { await Task.yield() }
            var random = SplitMix64(seed: seed)
            let prompt = ValueMutator.mutate(Prompts.seedNodes, catalog: catalog, using: &random)
            switch WorkflowValidator.validate(.object(prompt), catalog: catalog, rules: rules) {
            case .valid(let workflow):
                outcomes["valid", default: 0] += 1
                try #require(!workflow.outputNodes.isEmpty, "seed \(seed)")
            case .rejected(let error):
                try #require(error.code == .workflowError, "seed \(seed)")
                try #require(!error.message.isEmpty && !error.message.contains("\n"), "seed \(seed): \(error.message)")
                try #require(error.details?["node_errors"]?.objectValue != nil, "seed \(seed)")
                // Every error type the rejection names, once per case (taking only the first node's
                // depended on the dictionary's order, which changes from process to process).
                let nodeErrors = error.details?["node_errors"]?.objectValue?.values.compactMap { $0["errors"]?.arrayValue } ?? []
                var types = Set(nodeErrors.joined().compactMap { $0["type"]?.stringValue })
                if types.isEmpty { types = [error.details?["error"]?["type"]?.stringValue ?? "?"] }
                for type in types { outcomes[type, default: 0] += 1 }
            }
        }
        print("validator fuzz outcomes over \(Self.cases) cases: \(outcomes.sorted { $0.key < $1.key })")
        // The mutations must reach valid prompts and most error types, or they prove little.
        for type in ["valid", "value_not_in_list", "invalid_input_type", "return_type_mismatch", "missing_node_type",
                     "required_input_missing", "model_url_not_allowed"] {
            #expect(outcomes[type, default: 0] >= 20, "\(type): \(outcomes)")
        }
    }
}

/// Breaks the seed the ways clients do, value by value: wrong types, out-of-range numbers, unknown
/// choices and classes, rewired links, missing inputs, odd URLs.
private enum ValueMutator {
    static let oddValues: [JSONValue] = [
        "", "invalid", "euler", "30", "3.5", "abc", "https://example.com/m.safetensors", "known.safetensors",
        "http://huggingface.co/m", "https://u:p@civitai.com/m", 0, -1, 1, 7, 10001, 1e300, .double(.nan), .double(.infinity),
        .uint(UInt64.max), true, .null, [:], ["__value__": 5], [1, 2, 3], ["1", 0], ["4", 0], ["6", 0], ["2", 5],
        [.string("x"), 0], "../../x",
    ]

    static func mutate(
        _ seed: [String: JSONValue], catalog: NodeCatalog, using random: inout SplitMix64
    ) -> [String: JSONValue] {
        var nodes = seed
        let ids = nodes.keys.sorted()
        for _ in 0..<random.int(in: 1...3) {
            let id = ids[random.int(in: 0...(ids.count - 1))]
            guard var node = nodes[id]?.objectValue, var inputs = node["inputs"]?.objectValue else { continue }
            switch random.int(in: 0...9) {
            case 0:
                let classes = catalog.classTypes
                node["class_type"] = random.chance(0.5)
                    ? .string(classes[random.int(in: 0...(classes.count - 1))])
                    : .string((node["class_type"]?.stringValue ?? "") + "X")
            case 1:
                if let name = inputs.keys.sorted().randomElement(using: &random) { inputs[name] = nil }
            case 2:
                inputs["unexpected_\(random.int(in: 0...3))"] = oddValues.randomElement(using: &random)!
            default:
                if let name = inputs.keys.sorted().randomElement(using: &random) {
                    inputs[name] = oddValues.randomElement(using: &random)!
                }
            }
            node["inputs"] = .object(inputs)
            nodes[id] = .object(node)
        }
        if random.chance(0.05) { nodes["7"] = nil }
        return nodes
    }
}
