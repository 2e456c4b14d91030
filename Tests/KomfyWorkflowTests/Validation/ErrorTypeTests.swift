import KomfyEvents
import KomfyWorkflow
import Testing

/// One test per ComfyUI error type the validator reports, each from a one-line change to the seed
/// workflow, checking the type in `node_errors` and the one-line message.
@Suite struct ErrorTypeTests {
    private func validate(_ prompt: JSONValue) async throws -> WorkflowVerdict {
        WorkflowValidator.validate(prompt, catalog: try await EngineCatalog.shared(), rules: ValidationRules())
    }

    /// The failure of seeds/000's webhook example, word for word.
    @Test func anUnknownSamplerIsTheSeedsFailure() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "sampler_name", "invalid"))
        let error = try #require(verdict.error)
        #expect(error.code == .workflowError)
        #expect(error.message == "Node 5: Invalid sampler_name 'invalid'")
        #expect(error.nodeID == "5")
        #expect(verdict.errorTypes == ["5: value_not_in_list"])
        let entry = try #require(error.details?["node_errors"]?["5"])
        #expect(entry["class_type"] == "KSampler")
        #expect(entry["dependent_outputs"] == ["7"])
        let reason = try #require(entry["errors"]?.arrayValue?.first)
        #expect(reason["message"] == "Value not in list")
        #expect(reason["details"]?.stringValue?.hasPrefix("sampler_name: 'invalid' not in (list of length ") == true)
        #expect(reason["extra_info"]?["input_name"] == "sampler_name")
        #expect(reason["extra_info"]?["received_value"] == "invalid")
        #expect(error.details?["error"]?["type"] == "prompt_outputs_failed_validation")
    }

    @Test func aCloseSpellingIsSuggested() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "scheduler", "karas"))
        #expect(verdict.error?.message == "Node 5: Invalid scheduler 'karas' (did you mean 'karras'?)")
        let reason = verdict.error?.details?["node_errors"]?["5"]?["errors"]?.arrayValue?.first
        // A short list is echoed as ComfyUI does, Python style.
        #expect(reason?["details"]?.stringValue?.hasPrefix("scheduler: 'karas' not in ['simple', 'sgm_uniform', 'karras'") == true)
    }

    @Test func missingNodeType() async throws {
        let verdict = try await validate(Prompts.seed(replacing: "5", with: node(Prompts.seedNodes["5"]!, classType: "KSamplerX")))
        #expect(verdict.errorTypes == ["5: missing_node_type"])
        #expect(verdict.error?.message == "Node 5: Unknown node type 'KSamplerX' (did you mean 'KSampler'?)")
        let far = try await validate(Prompts.seed(replacing: "5", with: node(Prompts.seedNodes["5"]!, classType: "MyStudio.Sampler")))
        #expect(far.error?.message == "Node 5: Unknown node type 'MyStudio.Sampler'")
    }

    @Test func requiredInputMissing() async throws {
        var sampler = Prompts.seedNodes["5"]!.objectValue!
        var inputs = sampler["inputs"]!.objectValue!
        inputs["steps"] = nil
        inputs["model"] = nil
        sampler["inputs"] = .object(inputs)
        let verdict = try await validate(Prompts.seed(replacing: "5", with: .object(sampler)))
        #expect(verdict.errorTypes == ["5: required_input_missing", "5: required_input_missing"])
        #expect(verdict.messages == [
            "Node 5: Required input 'model' is missing: link it to a MODEL output",
            "Node 5: Required input 'steps' is missing: set it to an INT, such as 20",
        ])
        #expect(verdict.error?.message == "Node 5: Required input 'model' is missing: link it to a MODEL output (and 1 more error)")
    }

    @Test func badLinkedInput() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "steps", [20, 30, 40]))
        #expect(verdict.errorTypes == ["5: bad_linked_input"])
        #expect(verdict.error?.message
            == "Node 5: Invalid steps [20, 30, 40]: a list is read as a link, which must be [\"node_id\", output_index]")
        // A link to an output a class does not have: the structural check catches it for core classes
        // (`bad_output_index`); the catalog for every other class, as `bad_linked_input`.
        let index = try await validate(Prompts.seed(node: "7", input: "images", ["6", 1]))
        #expect(index.errorTypes == ["7: bad_output_index"])
        #expect(index.error?.message == "Node 7: input 'images' links to output 1 of node 6 (VAEDecode), which has only output 0")
    }

    @Test func returnTypeMismatch() async throws {
        let verdict = try await validate(Prompts.seed(node: "6", input: "vae", ["1", 1]))
        #expect(verdict.errorTypes == ["6: return_type_mismatch"])
        #expect(verdict.error?.message
            == "Node 6: Input 'vae' takes a VAE, but output 1 of node 1 (CheckpointLoaderSimple) gives a CLIP")
        let reason = verdict.error?.details?["node_errors"]?["6"]?["errors"]?.arrayValue?.first
        #expect(reason?["details"] == "vae, received_type(CLIP) mismatch input_type(VAE)")
        #expect(reason?["extra_info"]?["linked_node"] == ["1", 1])
    }

    @Test func invalidInputType() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "steps", "twenty"))
        #expect(verdict.errorTypes == ["5: invalid_input_type"])
        #expect(verdict.error?.message == "Node 5: Invalid steps 'twenty': expected a whole number (INT)")
        let plain = try await validate(Prompts.seed(node: "5", input: "model", "sdxl"))
        #expect(plain.errorTypes == ["5: invalid_input_type"])
        #expect(plain.error?.message == "Node 5: Invalid model 'sdxl': link it to a MODEL output, as [\"node_id\", output_index]")
        // What Python's int() and float() accept passes, as it does in ComfyUI.
        for (input, value) in [("steps", "30"), ("steps", 30.0), ("cfg", "6.5"), ("cfg", 7)] as [(String, JSONValue)] {
            #expect(try await validate(Prompts.seed(node: "5", input: input, value)).validated != nil, "\(input) \(value)")
        }
    }

    @Test func valueSmallerThanMin() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "steps", 0))
        #expect(verdict.errorTypes == ["5: value_smaller_than_min"])
        #expect(verdict.error?.message == "Node 5: steps 0 is below the minimum 1")
        let reason = verdict.error?.details?["node_errors"]?["5"]?["errors"]?.arrayValue?.first
        #expect(reason?["message"] == "Value 0 smaller than min of 1")
    }

    @Test func valueBiggerThanMax() async throws {
        let rules = ValidationRules(limits: .enterprise)
        let verdict = WorkflowValidator.validate(
            Prompts.seed(node: "5", input: "steps", 10001), catalog: try await EngineCatalog.shared(), rules: rules
        )
        #expect(verdict.errorTypes == ["5: value_bigger_than_max"])
        #expect(verdict.error?.message == "Node 5: steps 10001 is above the maximum 10000")
        let denoise = try await validate(Prompts.seed(node: "5", input: "denoise", 1.5))
        #expect(denoise.error?.message == "Node 5: denoise 1.5 is above the maximum 1")
        #expect(denoise.error?.details?["node_errors"]?["5"]?["errors"]?.arrayValue?.first?["message"]
            == "Value 1.5 bigger than max of 1.0")
    }

    @Test func dependencyCycle() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "latent_image", ["6", 0]))
        #expect(verdict.errorTypes.contains("5: dependency_cycle"))
        #expect(verdict.error?.message.hasPrefix("Node 5: Dependency cycle 5 -> 6 -> 5") == true)
    }

    @Test func promptNoOutputs() async throws {
        let verdict = try await validate(Prompts.seed(replacing: "7", with: nil))
        let error = try #require(verdict.error)
        #expect(error.message == "Prompt has no outputs: add an output node such as SaveImage or PreviewImage")
        #expect(error.nodeID == nil)
        #expect(error.details?["error"]?["type"] == "prompt_no_outputs")
        #expect(error.details?["node_errors"] == [:])
    }

    @Test func outputNodesComeFromTheCatalogNotOnlyTheCoreTable() async throws {
        // A catalog where VAEDecode is an output node: a prompt ending in it is valid there.
        var document = try await EngineCatalog.document().objectValue!
        var decode = document["VAEDecode"]!.objectValue!
        decode["output_node"] = true
        document["VAEDecode"] = .object(decode)
        let catalog = try NodeCatalog(objectInfo: EngineCatalog.data(.object(document)), engineVersion: "custom")
        let verdict = WorkflowValidator.validate(Prompts.seed(replacing: "7", with: nil), catalog: catalog, rules: ValidationRules())
        #expect(verdict.validated?.outputNodes == ["6"])
    }

    @Test func aCustomNodesOutputsAreCheckedFromTheCatalog() async throws {
        // An engine with one custom node the core table does not know: one IMAGE output, any input.
        var document = try await EngineCatalog.document().objectValue!
        document["MyStudio.Sharpen"] = [
            "input": ["required": ["image": ["IMAGE"], "anything": ["*"]]], "output": ["IMAGE"],
            "output_is_list": [false], "output_name": ["IMAGE"], "name": "MyStudio.Sharpen", "output_node": false,
        ]
        let catalog = try NodeCatalog(objectInfo: EngineCatalog.data(.object(document)), engineVersion: "custom")
        var nodes = Prompts.seedNodes
        nodes["8"] = Prompts.node("MyStudio.Sharpen", ["image": ["6", 0], "anything": ["5", 0]])
        nodes["7"] = Prompts.setting("images", to: ["8", 0], in: nodes["7"]!)
        #expect(WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules()).validated != nil)

        nodes["7"] = Prompts.setting("images", to: ["8", 2], in: nodes["7"]!)
        let verdict = WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules())
        #expect(verdict.errorTypes == ["7: bad_linked_input"])
        #expect(verdict.error?.message == "Node 7: input 'images' links to output 2 of node 8 (MyStudio.Sharpen), which has only output 0")
    }

    @Test func everyProblemIsReportedInNodeIDOrder() async throws {
        var nodes = Prompts.seedNodes
        nodes["5"] = Prompts.setting("sampler_name", to: "invalid", in: nodes["5"]!)
        nodes["5"] = Prompts.setting("cfg", to: 500, in: nodes["5"]!)
        nodes["4"] = Prompts.setting("width", to: 1, in: nodes["4"]!)
        let verdict = try await validate(.object(nodes))
        #expect(verdict.errorTypes == ["4: value_smaller_than_min", "5: value_bigger_than_max", "5: value_not_in_list"])
        #expect(verdict.error?.message == "Node 4: width 1 is below the minimum 16 (and 2 more errors)")
        #expect(verdict.error?.nodeID == "4")
    }

    private func node(_ node: JSONValue, classType: String) -> JSONValue {
        var object = node.objectValue!
        object["class_type"] = .string(classType)
        return .object(object)
    }
}
