import KomfyEvents
import KomfyWorkflow
import Testing

/// The workflows of the seed documents pass against the real engine's catalog, and what the rest of
/// the pipeline needs comes out of them.
@Suite struct SeedValidationTests {
    @Test(arguments: [("seeds/000", Prompts.firstWorkflowSeed), ("seeds/001", Prompts.seed)])
    func theCmfyCloudSeedsPassWithTheirCheckpointURL(seed: String, prompt: JSONValue) async throws {
        let verdict = WorkflowValidator.validate(prompt, catalog: try await EngineCatalog.shared(), rules: ValidationRules())
        let workflow = try #require(verdict.validated, "\(seed): \(verdict.error?.message ?? "")")
        #expect(workflow.modelRefs == [
            ModelReference(nodeID: "1", input: "ckpt_name", folder: "checkpoints", url: Prompts.seedCheckpointURL),
        ])
        #expect(workflow.outputNodes == ["7"])
        #expect(workflow.classTypes == [
            "CLIPTextEncode", "CheckpointLoaderSimple", "EmptyLatentImage", "KSampler", "SaveImage", "VAEDecode",
        ])
    }

    @Test func theComfyUITutorialSeedPassesWithAModelFromTheStore() async throws {
        let catalog = try await EngineCatalog.shared()
        let rules = ValidationRules(knownModels: ["checkpoints": ["v1-5-pruned-emaonly.safetensors"]])
        let workflow = try #require(WorkflowValidator.validate(Prompts.comfyUITutorialSeed, catalog: catalog, rules: rules).validated)
        #expect(workflow.modelRefs == [
            ModelReference(nodeID: "4", input: "ckpt_name", folder: "checkpoints", name: "v1-5-pruned-emaonly.safetensors"),
        ])
        #expect(workflow.outputNodes == ["9"])

        // The same name without it in the store (nor on the engine) is refused, and says how to fix it.
        let verdict = WorkflowValidator.validate(Prompts.comfyUITutorialSeed, catalog: catalog, rules: ValidationRules())
        #expect(verdict.errorTypes == ["4: value_not_in_list"])
        #expect(verdict.error?.message == "Node 4: Invalid ckpt_name 'v1-5-pruned-emaonly.safetensors': no such model in "
            + "checkpoints; give an HTTPS URL to download it, or the name of a model Komfy has")
    }

    @Test func modelRefsComeInNodeIDOrderThenInputOrder() async throws {
        var nodes = Prompts.seedNodes
        let lora = "https://civitai.com/api/download/models/12345"
        nodes["10"] = Prompts.node("LoraLoader", [
            "model": ["1", 0], "clip": ["1", 1], "lora_name": .string(lora), "strength_model": 1.0, "strength_clip": 1.0,
        ])
        nodes["2"] = Prompts.setting("clip", to: ["10", 1], in: nodes["2"]!)
        nodes["5"] = Prompts.setting("model", to: ["10", 0], in: nodes["5"]!)
        nodes["9"] = Prompts.node("VAELoader", ["vae_name": "pixel_space"])
        nodes["6"] = Prompts.setting("vae", to: ["9", 0], in: nodes["6"]!)
        let verdict = WorkflowValidator.validate(.object(nodes), catalog: try await EngineCatalog.shared(), rules: ValidationRules())
        let workflow = try #require(verdict.validated, "\(verdict.error?.message ?? "")")
        #expect(workflow.modelRefs == [
            ModelReference(nodeID: "1", input: "ckpt_name", folder: "checkpoints", url: Prompts.seedCheckpointURL),
            // A name the engine lists itself is accepted and referenced by name.
            ModelReference(nodeID: "9", input: "vae_name", folder: "vae", name: "pixel_space"),
            ModelReference(nodeID: "10", input: "lora_name", folder: "loras", url: lora),
        ])
    }

    @Test func onlyTheOutputsAncestorsMustBeValid() async throws {
        let catalog = try await EngineCatalog.shared()
        var nodes = Prompts.seedNodes
        // A second sampler nobody uses, broken three ways, and an unused loader with a bad URL.
        nodes["20"] = Prompts.node("KSampler", ["sampler_name": "invalid", "steps": 0, "model": ["1", 0]])
        nodes["21"] = Prompts.node("UpscaleModelLoader", ["model_name": "http://example.com/x.pth"])
        let verdict = WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules())
        let workflow = try #require(verdict.validated, "\(verdict.error?.message ?? "")")
        #expect(workflow.modelRefs.map(\.nodeID) == ["1"], "nodes that never run need no models")
        #expect(workflow.classTypes.contains("UpscaleModelLoader"), "the engine must still know every class")

        // Once an output depends on the broken sampler, it is reported, with that output.
        nodes["22"] = Prompts.node("SaveLatent", ["samples": ["20", 0], "filename_prefix": "x"])
        let rejected = WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules())
        // In the engine's input order: seed, steps, cfg, sampler_name, scheduler, positive, ...
        #expect(rejected.errorTypes == [
            "20: required_input_missing", "20: value_smaller_than_min", "20: required_input_missing",
            "20: value_not_in_list", "20: required_input_missing", "20: required_input_missing",
            "20: required_input_missing", "20: required_input_missing", "20: required_input_missing",
        ])
        #expect(rejected.error?.details?["node_errors"]?["20"]?["dependent_outputs"] == ["22"])
        #expect(rejected.error?.details?["node_errors"]?["21"] == nil)
    }

    @Test func anUnknownClassIsRefusedWhereverItIs() async throws {
        var nodes = Prompts.seedNodes
        nodes["30"] = Prompts.node("saveimage", ["images": ["6", 0]])
        let verdict = WorkflowValidator.validate(.object(nodes), catalog: try await EngineCatalog.shared(), rules: ValidationRules())
        #expect(verdict.error?.message == "Node 30: Unknown node type 'saveimage' (did you mean 'SaveImage'?)")
    }

    @Test func structuralIssuesAreWorkflowErrorsToo() async throws {
        let catalog = try await EngineCatalog.shared()
        let verdict = WorkflowValidator.validate(
            Prompts.seed(node: "2", input: "clip", [1, 1]), catalog: catalog, rules: ValidationRules()
        )
        #expect(verdict.error?.code == .workflowError)
        #expect(verdict.errorTypes == ["2: invalid_node_connection"])
        #expect(verdict.error?.details?["node_errors"]?["2"]?["class_type"] == "CLIPTextEncode")
        let notAPrompt = WorkflowValidator.validate(["nodes": [], "links": []], catalog: catalog, rules: ValidationRules())
        #expect(notAPrompt.error?.details?["error"]?["type"] == "ui_format_workflow")
        #expect(notAPrompt.error?.message.contains("Save (API Format)") == true)
    }

    @Test func uploadedImageNamesAreNotCheckedAgainstTheEnginesFolderButMustStayInIt() async throws {
        let catalog = try await EngineCatalog.shared()
        var nodes = Prompts.seedNodes
        nodes["8"] = Prompts.node("LoadImage", ["image": "photo.png"])
        nodes["9"] = Prompts.node("PreviewImage", ["images": ["8", 0]])
        #expect(WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules()).validated != nil)
        nodes["8"] = Prompts.node("LoadImage", ["image": "../../etc/passwd"])
        let verdict = WorkflowValidator.validate(.object(nodes), catalog: catalog, rules: ValidationRules())
        #expect(verdict.errorTypes == ["8: custom_validation_failed"])
        #expect(verdict.error?.message
            == "Node 8: Invalid image '../../etc/passwd': give the name of an uploaded file, without folders above it")
    }
}
