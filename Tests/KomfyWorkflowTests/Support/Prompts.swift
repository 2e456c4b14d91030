import Foundation
import KomfyEvents
import KomfyTestSupport
import KomfyWorkflow

/// Prompts for the structural check, built from the seed workflow so every test starts from
/// something a real client sends.
enum Prompts {
    /// The text-to-image workflow of seeds/001 (cmfy.cloud Quickstart), as the client sends it.
    static let seedText = SeedWorkflow.text

    static let seed: JSONValue = SeedWorkflow.prompt

    static var seedNodes: [String: JSONValue] { seed.objectValue! }

    static func decode(_ text: String) -> JSONValue {
        // The fixtures are literals in this file: failing to decode one is a broken test, not a case.
        try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The seed workflow with `input` of node `id` set to `value`.
    static func seed(node id: String, input: String, _ value: JSONValue) -> JSONValue {
        SeedWorkflow.prompt(node: id, input: input, value)
    }

    /// The seed workflow with node `id` replaced by `node` (or removed when `node` is nil).
    static func seed(replacing id: String, with node: JSONValue?) -> JSONValue {
        var nodes = seedNodes
        nodes[id] = node
        return .object(nodes)
    }

    static func node(_ classType: String, _ inputs: [String: JSONValue] = [:]) -> JSONValue {
        ["class_type": .string(classType), "inputs": .object(inputs)]
    }

    static func setting(_ input: String, to value: JSONValue, in node: JSONValue) -> JSONValue {
        var object = node.objectValue ?? [:]
        var inputs = object["inputs"]?.objectValue ?? [:]
        inputs[input] = value
        object["inputs"] = .object(inputs)
        return .object(object)
    }

    /// `count` nodes where node i + 1 takes its input from node i: a load, decodes, and a save at the end.
    static func chain(of count: Int) -> JSONValue {
        var nodes: [String: JSONValue] = ["1": node("EmptyLatentImage", ["width": 64, "height": 64, "batch_size": 1])]
        for index in 2..<count {
            nodes[String(index)] = node("LatentUpscaleBy", [
                "samples": [.string(String(index - 1)), 0], "upscale_method": "nearest-exact", "scale_by": 1.0,
            ])
        }
        nodes[String(count)] = node("SaveLatent", ["samples": [.string(String(count - 1)), 0], "filename_prefix": "x"])
        return .object(nodes)
    }

    /// `count` nodes where node i takes its input from node i + 1 and the last from node 1.
    static func ring(of count: Int) -> JSONValue {
        var nodes: [String: JSONValue] = [:]
        for index in 1...count {
            let next = index == count ? 1 : index + 1
            nodes[String(index)] = node("LatentUpscaleBy", ["samples": [.string(String(next)), 0], "scale_by": 1.0])
        }
        return .object(nodes)
    }
}

extension StructureReport {
    var codes: [StructureIssue.Code] { issues.map(\.code) }
    var messages: [String] { issues.map(\.message) }
}
