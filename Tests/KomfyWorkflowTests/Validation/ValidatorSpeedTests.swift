import Foundation
import KomfyEvents
import KomfyWorkflow
import Testing

/// How long a big prompt takes, printed and not asserted (timings vary by machine; the benchmark is
/// `komfy bench validate`). The test asserts only the verdict.
@Suite struct ValidatorSpeedTests {
    @Test func aFiveHundredNodeGraphValidates() async throws {
        let catalog = try await EngineCatalog.shared()
        let prompt = Self.wideGraph(samplers: 72)
        let nodeCount = prompt.objectValue!.count
        #expect(nodeCount >= 500)
        let rules = ValidationRules(limits: .enterprise)
        let verdict = WorkflowValidator.validate(prompt, catalog: catalog, rules: rules)
        #expect(verdict.validated?.outputNodes.count == 72, "\(verdict.error?.message ?? "")")

        let rounds = 20
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds { _ = WorkflowValidator.validate(prompt, catalog: catalog, rules: rules) }
        }
        let microseconds = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
        let perPrompt = microseconds / Double(rounds)
        print("validate: \(nodeCount) nodes in \(Int(perPrompt)) µs per prompt, "
            + "\(String(format: "%.2f", perPrompt / Double(nodeCount))) µs per node (this build's optimisation)")
    }

    /// One checkpoint and `samplers` text-to-image branches off it, each of 7 nodes with its own save.
    static func wideGraph(samplers: Int) -> JSONValue {
        var nodes: [String: JSONValue] = ["1": Prompts.seedNodes["1"]!]
        var next = 2
        func add(_ node: JSONValue) -> String {
            let id = String(next)
            next += 1
            nodes[id] = node
            return id
        }
        for branch in 0..<samplers {
            let positive = add(Prompts.node("CLIPTextEncode", ["text": .string("branch \(branch)"), "clip": ["1", 1]]))
            let negative = add(Prompts.node("CLIPTextEncode", ["text": "blurry", "clip": ["1", 1]]))
            let latent = add(Prompts.node("EmptyLatentImage", ["width": 512, "height": 512, "batch_size": 1]))
            let sampler = add(Prompts.node("KSampler", [
                "seed": .int(Int64(branch)), "steps": 20, "cfg": 7.0, "sampler_name": "euler", "scheduler": "normal",
                "denoise": 1.0, "model": ["1", 0], "positive": [.string(positive), 0], "negative": [.string(negative), 0],
                "latent_image": [.string(latent), 0],
            ]))
            let decode = add(Prompts.node("VAEDecode", ["samples": [.string(sampler), 0], "vae": ["1", 2]]))
            let scale = add(Prompts.node("ImageScaleBy", ["image": [.string(decode), 0], "upscale_method": "nearest-exact", "scale_by": 1.0]))
            _ = add(Prompts.node("SaveImage", ["images": [.string(scale), 0], "filename_prefix": "wide"]))
        }
        return .object(nodes)
    }
}
