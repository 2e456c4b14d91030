import Foundation
import KomfyEvents
import KomfyTestSupport
import KomfyWorkflow
import Testing

/// Reading the real engine's `/object_info` into the catalog.
@Suite struct NodeCatalogTests {
    @Test func everyClassOfTheEngineIsInTheCatalogSorted() async throws {
        let catalog = try await EngineCatalog.shared()
        let document = try await EngineCatalog.document()
        #expect(catalog.classTypes == document.objectValue!.keys.sorted())
        #expect(catalog.definition(of: "KSampler") != nil)
        #expect(catalog.definition(of: "ksampler") == nil)
    }

    @Test func ksamplerIsReadWithItsInputsInTheEnginesOrder() async throws {
        let sampler = try #require(try await EngineCatalog.shared().definition(of: "KSampler"))
        #expect(sampler.inputs.map(\.name) == [
            "model", "seed", "steps", "cfg", "sampler_name", "scheduler", "positive", "negative", "latent_image", "denoise",
        ])
        #expect(sampler.inputs.allSatisfy { $0.isRequired })
        #expect(sampler.category == "sampling")
        #expect(sampler.outputs == [OutputDefinition(type: "LATENT", name: "LATENT", isList: false)])
        #expect(!sampler.isOutputNode)

        let steps = try #require(sampler.input(named: "steps"))
        #expect(steps.type == .int)
        #expect(steps.min == 1 && steps.max == 10000 && steps.defaultValue == 20)
        #expect(sampler.input(named: "model")?.type == .link("MODEL"))
        #expect(sampler.input(named: "cfg")?.step == 0.1)
        guard case .combo(let choices?) = sampler.input(named: "sampler_name")?.type else {
            Issue.record("sampler_name is not a combo with choices")
            return
        }
        #expect(choices.contains("euler") && choices.contains("euler_ancestral"))
        #expect(sampler.input(named: "sampler_name")?.modelFolder == nil)
    }

    @Test func outputNodesHiddenInputsAndDisplayNamesComeFromTheCatalog() async throws {
        let catalog = try await EngineCatalog.shared()
        let save = try #require(catalog.definition(of: "SaveImage"))
        #expect(save.isOutputNode)
        #expect(save.hiddenInputs == ["prompt", "extra_pnginfo"])
        #expect(save.outputs.isEmpty)
        #expect(catalog.definition(of: "CheckpointLoaderSimple")?.displayName == "Load Checkpoint")
        #expect(catalog.definition(of: "CheckpointLoaderSimple")?.outputs.map(\.type) == ["MODEL", "CLIP", "VAE"])
    }

    @Test func modelInputsGetTheirFolderInBothDeclarationStyles() async throws {
        let catalog = try await EngineCatalog.shared()
        // Classic declaration: [["a.safetensors", ...], {...}].
        #expect(catalog.definition(of: "CheckpointLoaderSimple")?.input(named: "ckpt_name")?.modelFolder == "checkpoints")
        #expect(catalog.definition(of: "LoraLoader")?.input(named: "lora_name")?.modelFolder == "loras")
        #expect(catalog.definition(of: "CLIPVisionLoader")?.input(named: "clip_name")?.modelFolder == "clip_vision")
        #expect(catalog.definition(of: "CLIPLoader")?.input(named: "clip_name")?.modelFolder == "text_encoders")
        // The newer node API: ["COMBO", {"options": [...]}].
        let upscale = try #require(catalog.definition(of: "UpscaleModelLoader")?.input(named: "model_name"))
        #expect(upscale.modelFolder == "upscale_models")
        #expect(upscale.type == .combo(choices: []))
        #expect(catalog.definition(of: "TripleCLIPLoader")?.input(named: "clip_name3")?.modelFolder == "text_encoders")
        // An API node's model_name picks a remote model, not a file.
        #expect(catalog.definition(of: "KlingImageGenerationNode")?.input(named: "model_name")?.modelFolder == nil)
        // Uploads are input files, not models.
        let image = try #require(catalog.definition(of: "LoadImage")?.input(named: "image"))
        #expect(image.isInputFile && image.modelFolder == nil)
    }

    /// The test engine has no model files, so every list it fills from disk is empty: each must be
    /// a mapped model input, an input file, or one of the few known lists of other things. A new
    /// model loader in an engine upgrade fails here until `ModelFolders` maps it.
    @Test func everyEmptyFileListOfTheEngineIsMapped() async throws {
        let catalog = try await EngineCatalog.shared()
        let knownOthers: Set<String> = [
            "LoadImageDataSetFromFolder.folder", "LoadImageTextDataSetFromFolder.folder",
        ]
        var unmapped: [String] = []
        for classType in catalog.classTypes {
            for input in catalog.definition(of: classType)!.inputs {
                guard case .combo(let choices?) = input.type, choices.isEmpty else { continue }
                let key = "\(classType).\(input.name)"
                if input.modelFolder == nil, !input.isInputFile, !knownOthers.contains(key) { unmapped.append(key) }
            }
        }
        #expect(unmapped == [])
    }

    @Test func theFingerprintNamesTheVersionAndIsStable() async throws {
        let data = try await TestEngine.objectInfo()
        let first = try NodeCatalog(objectInfo: data, engineVersion: "0.3.75")
        let again = try NodeCatalog(objectInfo: data, engineVersion: "0.3.75")
        #expect(first.fingerprint == again.fingerprint)
        #expect(first.fingerprint.wholeMatch(of: /comfyui-0\.3\.75-[0-9a-f]{16}/) != nil)
        let otherVersion = try NodeCatalog(objectInfo: data, engineVersion: "0.3.76")
        #expect(otherVersion.fingerprint != first.fingerprint)
    }

    @Test func modelFilesOnDiskDoNotChangeTheFingerprint() async throws {
        var document = try await EngineCatalog.document()
        let plain = try NodeCatalog(objectInfo: EngineCatalog.data(document), engineVersion: "1")
        // Another engine of the same build with models in its folders and an uploaded image.
        document = editing(document, "CheckpointLoaderSimple", "ckpt_name") { spec in
            var parts = spec.arrayValue!
            parts[0] = ["sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors"]
            return .array(parts)
        }
        document = editing(document, "UpscaleModelLoader", "model_name") { spec in
            var parts = spec.arrayValue!
            var options = parts[1].objectValue!
            options["options"] = ["4x-UltraSharp.pth"]
            parts[1] = .object(options)
            return .array(parts)
        }
        document = editing(document, "LoadImage", "image") { spec in
            var parts = spec.arrayValue!
            parts[0] = ["example.png"]
            return .array(parts)
        }
        let withModels = try NodeCatalog(objectInfo: EngineCatalog.data(document), engineVersion: "1")
        #expect(withModels.fingerprint == plain.fingerprint)
        guard case .combo(let choices?) = withModels.definition(of: "CheckpointLoaderSimple")?.input(named: "ckpt_name")?.type
        else { Issue.record("ckpt_name is not a combo"); return }
        #expect(choices == ["sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors"])

        // A change to what a node accepts is a different build.
        document = editing(document, "KSampler", "steps") { spec in
            var parts = spec.arrayValue!
            var options = parts[1].objectValue!
            options["max"] = 20000
            parts[1] = .object(options)
            return .array(parts)
        }
        let changed = try NodeCatalog(objectInfo: EngineCatalog.data(document), engineVersion: "1")
        #expect(changed.fingerprint != plain.fingerprint)
        #expect(changed.definition(of: "KSampler")?.input(named: "steps")?.max == 20000)
    }

    @Test(arguments: [
        ("<html><body>502 Bad Gateway</body></html>", "object_info is not JSON (41 bytes starting \"<html><body>502 Bad Gateway</body></html\")"),
        ("[1, 2]", "object_info must be a JSON object of node class names to definitions, got an array"),
        ("{}", "object_info has no node classes: the engine served an empty catalog"),
        ("{\"system\": {\"os\": \"posix\"}}", "object_info entry 'system' has no \"input\" object: this is not ComfyUI's /object_info"),
        ("{\"A\": {\"input\": {}, \"output\": \"IMAGE\"}}", "object_info entry 'A' has no \"output\" array: this is not ComfyUI's /object_info"),
        ("{\"A\": {\"input\": {\"required\": {\"x\": 5}}, \"output\": []}}", "object_info entry 'A': input 'x' must be declared as [type, options], got 5"),
        ("{\"A\": 3}", "object_info entry 'A' must be an object, got a number"),
    ])
    func aBodyThatIsNotAnObjectInfoIsRefusedClearly(body: String, message: String) {
        #expect(throws: NodeCatalogError(message)) {
            try NodeCatalog(objectInfo: Data(body.utf8), engineVersion: "1")
        }
    }

    @Test func aMinimalCatalogWithoutInputOrderKeepsNamesInByteOrder() throws {
        let body = """
            {"Pick": {"input": {"required": {"b": ["INT", {"min": 0}], "a": [["x", "y"]]},
                                "optional": {"c": ["IMAGE"]}, "hidden": {"id": "UNIQUE_ID"}},
                      "output": ["IMAGE", ["p", "q"]], "output_node": true}}
            """
        let catalog = try NodeCatalog(objectInfo: Data(body.utf8), engineVersion: "x")
        let pick = try #require(catalog.definition(of: "Pick"))
        #expect(pick.inputs.map(\.name) == ["a", "b", "c"])
        #expect(pick.requiredInputs.map(\.name) == ["a", "b"] && pick.optionalInputs.map(\.name) == ["c"])
        #expect(pick.hiddenInputs == ["id"])
        #expect(pick.outputs.map(\.type) == ["IMAGE", "COMBO"])
        #expect(pick.isOutputNode && pick.displayName == "Pick")
    }

    private func editing(
        _ document: JSONValue, _ classType: String, _ input: String, _ change: (JSONValue) -> JSONValue
    ) -> JSONValue {
        var classes = document.objectValue!
        var entry = classes[classType]!.objectValue!
        var inputs = entry["input"]!.objectValue!
        var required = inputs["required"]!.objectValue!
        required[input] = change(required[input]!)
        inputs["required"] = .object(required)
        entry["input"] = .object(inputs)
        classes[classType] = .object(entry)
        return .object(classes)
    }
}
