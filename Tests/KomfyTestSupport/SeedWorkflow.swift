import Foundation
import KomfyEvents

/// The text-to-image workflow of seeds/001 (cmfy.cloud Quickstart), as a client sends it, and
/// one-change variants of it: the starting point of the workflow and validator tests.
public enum SeedWorkflow {
    public static let text = """
        {
          "1": {"class_type": "CheckpointLoaderSimple", "inputs": {
            "ckpt_name": "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"}},
          "2": {"class_type": "CLIPTextEncode", "inputs": {
            "text": "a beautiful sunset over mountains, digital art", "clip": ["1", 1]}},
          "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, low quality, watermark", "clip": ["1", 1]}},
          "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
          "5": {"class_type": "KSampler", "inputs": {
            "seed": 42, "steps": 25, "cfg": 7.0, "sampler_name": "euler_ancestral", "scheduler": "normal",
            "denoise": 1.0, "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0], "latent_image": ["4", 0]}},
          "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
          "7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "output", "images": ["6", 0]}}
        }
        """

    // The text is a literal of this file: failing to parse it is a broken test support, not a case.
    public static let prompt: JSONValue = try! JSONValue.parse(Data(text.utf8))

    public static var nodes: [String: JSONValue] { prompt.objectValue! }

    /// The seed with `input` of node `id` set to `value`.
    public static func prompt(node id: String, input: String, _ value: JSONValue) -> JSONValue {
        var nodes = nodes
        var node = nodes[id]?.objectValue ?? [:]
        var inputs = node["inputs"]?.objectValue ?? [:]
        inputs[input] = value
        node["inputs"] = .object(inputs)
        nodes[id] = .object(node)
        return .object(nodes)
    }

    /// The seed with node `id`'s `class_type` changed.
    public static func prompt(node id: String, classType: String) -> JSONValue {
        var nodes = nodes
        var node = nodes[id]?.objectValue ?? [:]
        node["class_type"] = .string(classType)
        nodes[id] = .object(node)
        return .object(nodes)
    }
}
