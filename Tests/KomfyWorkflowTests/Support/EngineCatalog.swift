import Foundation
import KomfyEvents
import KomfyTestSupport
import KomfyWorkflow

/// The node catalog of the test run's engine (`TestEngine`), parsed once per process.
enum EngineCatalog {
    private static let parsed = Task { () throws -> NodeCatalog in
        try NodeCatalog(objectInfo: try await TestEngine.objectInfo(), engineVersion: try await TestEngine.version())
    }

    static func shared() async throws -> NodeCatalog {
        try await parsed.value
    }

    /// The engine's `/object_info` as a JSON value, for tests that edit it.
    static func document() async throws -> JSONValue {
        try JSONValue.parse(try await TestEngine.objectInfo())
    }

    static func data(_ document: JSONValue) throws -> Data {
        try JSONEncoder().encode(document)
    }
}

extension WorkflowVerdict {
    var validated: ValidatedWorkflow? {
        if case .valid(let workflow) = self { return workflow }
        return nil
    }

    var error: JobError? {
        if case .rejected(let error) = self { return error }
        return nil
    }

    /// Every `node_errors[id].errors[].type` of a rejection, as `id: type` in the order given.
    var errorTypes: [String] {
        guard let nodeErrors = error?.details?["node_errors"]?.objectValue else { return [] }
        return nodeErrors.keys.sorted(by: NodeIDOrder.precedes).flatMap { id in
            (nodeErrors[id]?["errors"]?.arrayValue ?? []).map { "\(id): \($0["type"]?.stringValue ?? "?")" }
        }
    }

    var messages: [String] {
        error?.details?["messages"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

extension Prompts {
    /// The seed of seeds/000 (cmfy.cloud "First Workflow"): the lion at golden hour, 1024 x 1024.
    static let firstWorkflowSeed: JSONValue = decode("""
        {
          "1": {"class_type": "CheckpointLoaderSimple", "inputs": {
            "ckpt_name": "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"}},
          "2": {"class_type": "CLIPTextEncode", "inputs": {
            "text": "a majestic lion in a savanna at golden hour, photorealistic", "clip": ["1", 1]}},
          "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, low quality, watermark, text", "clip": ["1", 1]}},
          "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
          "5": {"class_type": "KSampler", "inputs": {
            "seed": 12345, "steps": 25, "cfg": 7.0, "sampler_name": "euler_ancestral", "scheduler": "normal",
            "denoise": 1.0, "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0], "latent_image": ["4", 0]}},
          "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
          "7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "output", "images": ["6", 0]}}
        }
        """)

    /// The graph of seeds/003 (ComfyUI's own `/prompt` tutorial): KSampler "3" and the checkpoint "4"
    /// it shows, completed with the nodes it links to as ComfyUI's default workflow has them. Its
    /// checkpoint is a file name, not a URL.
    static let comfyUITutorialSeed: JSONValue = decode("""
        {
          "3": {"class_type": "KSampler", "inputs": {
            "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0],
            "seed": 42, "steps": 20, "cfg": 7.0, "sampler_name": "euler", "scheduler": "normal", "denoise": 1.0}},
          "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
          "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
          "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a photo of a cat", "clip": ["4", 1]}},
          "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["4", 1]}},
          "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
          "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}}
        }
        """)

    static let seedCheckpointURL =
        "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"
}
