import Foundation

/// The requests of the seed documents, byte for byte what their examples send.
enum SeedRequests {
    /// seeds/001 "Quickstart", step 2: the minimal text-to-image workflow.
    static let workflow = """
        {
        "1": {"class_type": "CheckpointLoaderSimple",
              "inputs": {"ckpt_name": "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"}},
        "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a beautiful sunset over mountains, digital art", "clip": ["1", 1]}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, low quality, watermark", "clip": ["1", 1]}},
        "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "5": {"class_type": "KSampler", "inputs": {"seed": 42, "steps": 25, "cfg": 7.0, "sampler_name": "euler_ancestral",
              "scheduler": "normal", "denoise": 1.0, "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0],
              "latent_image": ["4", 0]}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
        "7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "output", "images": ["6", 0]}}
        }
        """

    /// seeds/001: `{"prompt": ...}`.
    static let quickstart = #"{"prompt": \#(workflow)}"#

    /// seeds/001 "Option B": `webhook_url`.
    static let quickstartWithWebhookURL = #"{"prompt": \#(workflow), "webhook_url": "https://your-server.com/webhook"}"#

    /// seeds/000 "First Workflow": `webhook`.
    static let firstWorkflow = #"{"prompt": \#(workflow), "webhook": "https://your-server.com/webhook"}"#

    /// The workflow with `replacing` swapped in, for broken variants.
    static func prompt(replacing original: String, with replacement: String) -> String {
        #"{"prompt": \#(workflow.replacingOccurrences(of: original, with: replacement))}"#
    }
}
