import KomfyEvents

/// Prompts for `komfy bench validate` besides the seed workflow.
enum ValidateBenchWorkflows {
    /// One checkpoint loader feeding `branches` text-to-image branches of 7 nodes, each with its
    /// own SaveImage: a big prompt where every node runs and is checked.
    static func wideGraph(branches: Int) -> JSONValue {
        var nodes: [String: JSONValue] = [
            "1": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": .string(BenchWorkflow.checkpointURL)]],
        ]
        var next = 2
        func add(_ classType: String, _ inputs: [String: JSONValue]) -> JSONValue {
            let id = String(next)
            next += 1
            nodes[id] = ["class_type": .string(classType), "inputs": .object(inputs)]
            return .string(id)
        }
        for branch in 0..<branches {
            let positive = add("CLIPTextEncode", ["text": .string("branch \(branch)"), "clip": ["1", 1]])
            let negative = add("CLIPTextEncode", ["text": "blurry", "clip": ["1", 1]])
            let latent = add("EmptyLatentImage", ["width": 512, "height": 512, "batch_size": 1])
            let sampler = add("KSampler", [
                "seed": .int(Int64(branch)), "steps": 20, "cfg": 7.0, "sampler_name": "euler", "scheduler": "normal",
                "denoise": 1.0, "model": ["1", 0], "positive": [positive, 0], "negative": [negative, 0],
                "latent_image": [latent, 0],
            ])
            let decode = add("VAEDecode", ["samples": [sampler, 0], "vae": ["1", 2]])
            let scale = add("ImageScaleBy", ["image": [decode, 0], "upscale_method": "nearest-exact", "scale_by": 1.0])
            _ = add("SaveImage", ["images": [scale, 0], "filename_prefix": "wide"])
        }
        return .object(nodes)
    }
}
