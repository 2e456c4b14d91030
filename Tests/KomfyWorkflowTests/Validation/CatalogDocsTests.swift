import Foundation
import KomfyEvents
import KomfyWorkflow
import Testing

/// docs/validation.md lists every catalog check with an example message; the examples are the
/// validator's real output for the prompts below (free plan limits), so page and code cannot drift.
@Suite struct CatalogDocsTests {
    static var examples: [(type: String, prompt: JSONValue)] {
        var upload = Prompts.seedNodes
        upload["8"] = Prompts.node("LoadImage", ["image": "../secrets.png"])
        upload["9"] = Prompts.node("PreviewImage", ["images": ["8", 0]])
        var withoutSteps = Prompts.seedNodes["5"]!.objectValue!
        var samplerInputs = withoutSteps["inputs"]!.objectValue!
        samplerInputs["steps"] = nil
        withoutSteps["inputs"] = .object(samplerInputs)
        var misspelt = Prompts.seedNodes["5"]!.objectValue!
        misspelt["class_type"] = "KSamplerX"
        var large = Prompts.seedNodes
        large["4"] = Prompts.node("EmptyLatentImage", ["width": 2048, "height": 2048, "batch_size": 1])
        return [
            ("missing_node_type", Prompts.seed(replacing: "5", with: .object(misspelt))),
            ("required_input_missing", Prompts.seed(replacing: "5", with: .object(withoutSteps))),
            ("bad_linked_input", Prompts.seed(node: "5", input: "steps", [20, 30, 40])),
            ("return_type_mismatch", Prompts.seed(node: "6", input: "vae", ["1", 1])),
            ("invalid_input_type", Prompts.seed(node: "5", input: "steps", "twenty")),
            ("invalid_input_type", Prompts.seed(node: "5", input: "model", "sdxl")),
            ("value_smaller_than_min", Prompts.seed(node: "5", input: "steps", 0)),
            ("value_bigger_than_max", Prompts.seed(node: "5", input: "steps", 10001)),
            ("value_not_in_list", Prompts.seed(node: "5", input: "sampler_name", "invalid")),
            ("value_not_in_list", Prompts.seed(node: "5", input: "scheduler", "karas")),
            ("value_not_in_list", Prompts.seed(node: "1", input: "ckpt_name", "sdxl.safetensors")),
            ("model_url_not_allowed", Prompts.seed(node: "1", input: "ckpt_name", "http://huggingface.co/a/b.safetensors")),
            ("model_url_not_allowed", Prompts.seed(node: "1", input: "ckpt_name", "https://models.example.com/b.safetensors")),
            ("model_url_not_allowed", Prompts.seed(node: "1", input: "ckpt_name", "https://me:token@huggingface.co/b.safetensors")),
            ("model_url_not_allowed", Prompts.seed(node: "1", input: "ckpt_name", "https://huggingface.co/a b")),
            ("custom_validation_failed", .object(upload)),
            ("dependency_cycle", Prompts.seed(node: "5", input: "latent_image", ["6", 0])),
            ("prompt_no_outputs", Prompts.seed(replacing: "7", with: nil)),
            ("plan_limit_exceeded", Prompts.seed(node: "5", input: "steps", 60)),
            ("plan_limit_exceeded", .object(large)),
            ("plan_limit_exceeded", Prompts.seed(node: "4", input: "batch_size", 8)),
            ("plan_limit_exceeded", Prompts.chain(of: 201)),
        ]
    }

    /// The rows of the table under "Catalog checks": (type, example message), backticks removed.
    static func documentedRows() throws -> [(type: String, message: String)] {
        let text = try ValidationDocsTests.page()
        let section = try #require(text.components(separatedBy: "## Catalog checks (validator)").last?
            .components(separatedBy: "\n### ").first)
        return section.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count == 5, cells[1].hasPrefix("`"), cells[3].hasPrefix("`") else { return nil }
            return (String(cells[1].dropFirst().dropLast()), String(cells[3].dropFirst().dropLast()))
        }
    }

    @Test func everyExampleOfThePageIsTheValidatorsMessage() async throws {
        let catalog = try await EngineCatalog.shared()
        let actual = Self.examples.map { example in
            let verdict = WorkflowValidator.validate(example.prompt, catalog: catalog, rules: ValidationRules())
            let type = verdict.error?.details?["node_errors"]?.objectValue?.values.first?["errors"]?.arrayValue?.first?["type"]
                ?? verdict.error?.details?["error"]?["type"]
            return (type: type?.stringValue ?? "valid", message: verdict.error?.message ?? "")
        }
        #expect(actual.map(\.type) == Self.examples.map(\.type))
        let rows = try Self.documentedRows()
        #expect(rows.map(\.type) == actual.map(\.type))
        for (row, real) in zip(rows, actual) {
            #expect(row.message == real.message, "\(row.type)")
        }
        if rows.count != actual.count || zip(rows, actual).contains(where: { $0.message != $1.message }) {
            print(actual.map { "| `\($0.type)` | ... | `\($0.message)` |" }.joined(separator: "\n"))
        }
    }
}
